using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Credits.V1;
using V1Bucket = Credits.V1.Bucket;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Cli.Importing;

/// <summary>A row of the file and the line it ends on (the header is line 1).</summary>
internal sealed record ImportLine(int Line, ImportRow Row);

/// <summary>A line of the file that cannot be imported, and why.</summary>
internal sealed record ImportProblem(int Line, string Message);

/// <summary>
/// Reads a CSV file exported from an older credits table (docs/import.md): RFC 4180, a header naming
/// the columns in any order. This owns the file's shape only (columns, numbers, dates, names, rows
/// named twice); the ledger's rules on each value (account ids, ranges, expiries) are the server's,
/// which the command asks before importing anything.
/// </summary>
internal static class ImportFile
{
    public const string SourceId = "source_id";
    public const string AccountId = "account_id";
    public const string Credits = "credits";
    public const string Kind = "kind";
    public const string Bucket = "bucket";
    public const string ExpiresAt = "expires_at";
    public const string OccurredAt = "occurred_at";
    public const string Note = "note";

    private static readonly string[] Required = [SourceId, AccountId, Credits];
    private static readonly string[] Known = [SourceId, AccountId, Credits, Kind, Bucket, ExpiresAt, OccurredAt, Note];

    public static (List<ImportLine> Rows, List<ImportProblem> Problems) Read(TextReader text)
    {
        var rows = new List<ImportLine>();
        var problems = new List<ImportProblem>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, BadDataFound = null };
        using var csv = new CsvReader(text, configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            problems.Add(new ImportProblem(1, $"the file is empty; it needs a header line naming at least {string.Join(", ", Required)}"));
            return (rows, problems);
        }
        var unknown = header.Where(name => !Known.Contains(name, StringComparer.Ordinal)).ToList();
        var missing = Required.Where(name => !header.Contains(name, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"missing column(s) {string.Join(", ", missing)}");
            if (unknown.Count > 0) parts.Add($"unknown column(s) {string.Join(", ", unknown)} (known: {string.Join(", ", Known)})");
            problems.Add(new ImportProblem(1, string.Join("; ", parts)));
            return (rows, problems);
        }
        var seen = new Dictionary<(string, string), int>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            string Field(string name) => header.Contains(name, StringComparer.Ordinal) ? csv.GetField(name) ?? "" : "";
            var (row, problem) = Parse(Field);
            if (problem is not null)
            {
                problems.Add(new ImportProblem(line, problem));
                continue;
            }
            if (seen.TryGetValue((row!.AccountId, row.SourceId), out var first))
            {
                problems.Add(new ImportProblem(line, $"source_id '{row.SourceId}' of {row.AccountId} is already on line {first}"));
                continue;
            }
            seen[(row.AccountId, row.SourceId)] = line;
            rows.Add(new ImportLine(line, row));
        }
        return (rows, problems);
    }

    private static (ImportRow? Row, string? Problem) Parse(Func<string, string> field)
    {
        var row = new ImportRow { SourceId = field(SourceId), AccountId = field(AccountId), Note = field(Note) };
        if (row.SourceId.Length == 0) return (null, "source_id is empty");
        if (row.AccountId.Length == 0) return (null, "account_id is empty");
        if (!long.TryParse(field(Credits), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var credits))
        {
            return (null, $"credits '{field(Credits)}' is not a whole number");
        }
        row.Credits = credits;
        switch (field(Kind).ToLowerInvariant())
        {
            case "" or "balance": row.Kind = ImportRowKind.Balance; break;
            case "history": row.Kind = ImportRowKind.History; break;
            default: return (null, $"kind '{field(Kind)}' is not balance or history");
        }
        var bucket = field(Bucket);
        if (row.Kind == ImportRowKind.Balance)
        {
            // The proto's names (BUCKET_PURCHASED) in the file's lower case (purchased); purchased when empty.
            if (bucket.Length == 0)
            {
                row.Bucket = V1Bucket.Purchased;
            }
            else if (System.Enum.TryParse<V1Bucket>(bucket, ignoreCase: true, out var parsed) && parsed != V1Bucket.Unspecified
                     && !int.TryParse(bucket, out _))
            {
                row.Bucket = parsed;
            }
            else
            {
                return (null, $"bucket '{bucket}' is not a bucket (free, purchased, subscription, gift, referral, promo, refund, adjustment)");
            }
        }
        if (Instant(field(ExpiresAt), ExpiresAt) is var (expiresAt, expiresProblem) && expiresProblem is not null) return (null, expiresProblem);
        if (Instant(field(OccurredAt), OccurredAt) is var (occurredAt, occurredProblem) && occurredProblem is not null) return (null, occurredProblem);
        row.ExpiresAt = expiresAt;
        row.OccurredAt = occurredAt;
        return (row, null);
    }

    // An ISO 8601 instant; without an offset it is UTC (older tables rarely store zones).
    private static (Timestamp? Value, string? Problem) Instant(string text, string name)
    {
        if (text.Length == 0) return (null, null);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? (Timestamp.FromDateTimeOffset(instant), null)
            : (null, $"{name} '{text}' is not a date or time (ISO 8601, for example 2027-01-31T00:00:00Z)");
    }
}
