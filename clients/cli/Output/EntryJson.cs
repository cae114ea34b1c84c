using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Credits.V1;

namespace Credits.Cli.Output;

/// <summary>
/// A journal entry as one flat JSON object on one line (JSON lines), for <c>history --json</c> and
/// <c>export --format jsonl</c>: numbers as JSON numbers (credits never exceed 2^53), kinds and
/// buckets by their short names, times in UTC ISO 8601.
/// </summary>
internal static class EntryJson
{
    // The output is data, never embedded in HTML: keep '+', '<', '&' and non-ASCII text readable.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Line(string accountId, JournalEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("accountId", accountId);
            json.WriteNumber("sequence", entry.Sequence);
            json.WriteString("createdAt", Timestamps.Format(entry.CreatedAt));
            json.WriteString("kind", Names.Of(entry.Kind));
            json.WriteNumber("amount", entry.Amount);
            json.WriteNumber("availableAfter", entry.AvailableAfter);
            json.WriteNumber("heldAfter", entry.HeldAfter);
            json.WriteNumber("owedAfter", entry.OwedAfter);
            json.WriteString("bucket", Names.Of(entry.Bucket));
            json.WriteString("lotId", entry.LotId);
            json.WriteString("holdId", entry.HoldId);
            json.WritePropertyName("parts");
            WriteParts(json, entry);
            json.WriteString("feature", entry.Feature);
            json.WriteString("actor", entry.Actor);
            json.WriteString("idempotencyKey", entry.IdempotencyKey);
            json.WriteString("reference", entry.Reference);
            json.WritePropertyName("metadata");
            WriteMetadata(json, entry);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The entry's lot parts as a JSON array, as the CSV's <c>parts</c> column holds them.</summary>
    public static string Parts(JournalEntry entry) => Fragment(json => WriteParts(json, entry));

    /// <summary>The entry's metadata as a JSON object (keys sorted), as the CSV's <c>metadata</c> column holds it.</summary>
    public static string Metadata(JournalEntry entry) => Fragment(json => WriteMetadata(json, entry));

    private static void WriteParts(Utf8JsonWriter json, JournalEntry entry)
    {
        json.WriteStartArray();
        foreach (var part in entry.Parts)
        {
            json.WriteStartObject();
            json.WriteString("lotId", part.LotId);
            json.WriteNumber("amount", part.Amount);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    // Sorted, so that the same entry always exports to the same bytes (protobuf maps have no order).
    private static void WriteMetadata(Utf8JsonWriter json, JournalEntry entry)
    {
        json.WriteStartObject();
        foreach (var (key, value) in entry.Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
    }

    private static string Fragment(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            write(json);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
