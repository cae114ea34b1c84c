using System.Text.Json;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Data;

/// <summary>The JSON kept in text columns: lot parts, metadata and stored responses.</summary>
internal static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"Stored JSON is null: {json}");

    public static string WriteParts(IReadOnlyList<LotPart> parts) => Write(parts);

    public static IReadOnlyList<LotPart> ReadParts(string json) => Read<List<LotPart>>(json);

    public static string WriteMetadata(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Count == 0 ? "{}" : Write(new SortedDictionary<string, string>(metadata.ToDictionary(), StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, string> ReadMetadata(string json) =>
        json == "{}" ? new Dictionary<string, string>() : Read<Dictionary<string, string>>(json);
}
