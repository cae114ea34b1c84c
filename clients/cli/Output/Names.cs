using Credits.V1;
using Google.Protobuf.Reflection;

namespace Credits.Cli.Output;

/// <summary>Short lower-case names of proto enum values for people and CSV: <c>ENTRY_KIND_HOLD_EXPIRE</c> → <c>hold_expire</c>.</summary>
internal static class Names
{
    private static readonly EnumDescriptor EntryKinds = TypesReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(EntryKind));
    private static readonly EnumDescriptor BucketValues = TypesReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(Bucket));

    private static readonly EnumDescriptor SuggestionKinds = AnalyticsServiceReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(SuggestionKind));
    private static readonly EnumDescriptor BadgeKinds = AnalyticsServiceReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(BadgeKind));

    public static string Of(SuggestionKind kind) => Short(SuggestionKinds.FindValueByNumber((int)kind)?.Name, "SUGGESTION_KIND_", (int)kind);

    private static readonly EnumDescriptor NotificationKinds = NotificationServiceReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(NotificationKind));

    public static string Of(NotificationKind kind) => Short(NotificationKinds.FindValueByNumber((int)kind)?.Name, "NOTIFICATION_KIND_", (int)kind);

    public static string Of(BadgeKind kind) => Short(BadgeKinds.FindValueByNumber((int)kind)?.Name, "BADGE_KIND_", (int)kind);

    public static string Of(EntryKind kind) => Short(EntryKinds.FindValueByNumber((int)kind)?.Name, "ENTRY_KIND_", (int)kind);

    /// <summary>The bucket's name, or empty for <see cref="Bucket.Unspecified"/> (entries that created no lot).</summary>
    public static string Of(Bucket bucket) =>
        bucket == Bucket.Unspecified ? "" : Short(BucketValues.FindValueByNumber((int)bucket)?.Name, "BUCKET_", (int)bucket);

    /// <summary>Parses a bucket given on the command line: <c>purchased</c> or <c>BUCKET_PURCHASED</c>.</summary>
    public static Bucket? ParseBucket(string text)
    {
        var wanted = text.StartsWith("BUCKET_", StringComparison.OrdinalIgnoreCase) ? text : "BUCKET_" + text;
        var value = BucketValues.Values.FirstOrDefault(v => string.Equals(v.Name, wanted, StringComparison.OrdinalIgnoreCase));
        return value is null ? null : (Bucket)value.Number;
    }

    public static IEnumerable<string> Buckets => BucketValues.Values.Where(v => v.Number != 0).Select(v => Short(v.Name, "BUCKET_", v.Number));

    // A value newer than this CLI has no name here yet: show its number, never fail.
    private static string Short(string? name, string prefix, int number) =>
        name is null ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : name[prefix.Length..].ToLowerInvariant();
}
