using System.Globalization;
using Credits.V1;
using CsvHelper;
using CsvHelper.Configuration;

namespace Credits.Cli.Output;

/// <summary>Pool members as rows: the same columns in the table and in the usage CSV.</summary>
internal static class PoolRows
{
    public static readonly string[] Columns = ["member", "role", "limit", "period", "period_start", "used", "held", "committed", "removed"];

    public static PoolPeriod ParsePeriod(string text) => text switch
    {
        "none" => PoolPeriod.None,
        "day" => PoolPeriod.Day,
        "week" => PoolPeriod.Week,
        _ => PoolPeriod.Month,
    };

    public static PoolRole ParseRole(string text) => text == "admin" ? PoolRole.Admin : PoolRole.Member;

    /// <summary>One member's cells for the table; an unlimited member's limit is empty, an active one's removal time too.</summary>
    public static IReadOnlyList<string> Text(PoolMember member) => Cells(member, Number);

    // Numbers in the table have thousands separators; in the CSV they are plain, for spreadsheets.
    private static IReadOnlyList<string> Cells(PoolMember member, Func<long, string> number) =>
    [
        member.MemberAccountId,
        member.Role == PoolRole.Admin ? "admin" : "member",
        member.HasLimit ? number(member.Limit) : "",
        member.Period switch { PoolPeriod.Day => "day", PoolPeriod.Week => "week", PoolPeriod.Month => "month", _ => "none" },
        member.Period == PoolPeriod.None ? "" : member.PeriodStartTime.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        number(member.Used),
        number(member.Held),
        number(member.Committed),
        member.RemoveTime is null ? "" : Timestamps.Format(member.RemoveTime),
    ];

    /// <summary>RFC 4180 CSV with a header and plain numbers, for spreadsheets.</summary>
    public static void WriteCsv(TextWriter output, IEnumerable<PoolMember> members)
    {
        using var csv = new CsvWriter(output, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }
        csv.NextRecord();
        foreach (var member in members)
        {
            foreach (var cell in Cells(member, Plain))
            {
                csv.WriteField(cell);
            }
            csv.NextRecord();
        }
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Plain(long value) => value.ToString(CultureInfo.InvariantCulture);
}
