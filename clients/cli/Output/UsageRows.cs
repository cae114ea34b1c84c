using System.Globalization;
using Credits.V1;
using CsvHelper;
using CsvHelper.Configuration;
using Parquet;
using Parquet.Schema;

namespace Credits.Cli.Output;

/// <summary>Where usage rows go, one at a time as the export streams them.</summary>
internal interface IUsageSink : IAsyncDisposable
{
    Task WriteAsync(ExportUsageResponse row, CancellationToken cancellationToken);
}

/// <summary>The columns of a usage report, in CSV and Parquet alike.</summary>
internal static class UsageColumns
{
    public static readonly string[] Names = ["account_id", "day", "feature", "credits_spent", "operations"];

    /// <summary>A pool's report (<c>--pool</c>): the member who spent follows the pool.</summary>
    public static readonly string[] PoolNames = ["account_id", "member_account_id", "day", "feature", "credits_spent", "operations"];

    /// <summary>The day as ISO 8601 (yyyy-MM-dd), UTC.</summary>
    public static DateOnly Day(ExportUsageResponse row) => DateOnly.FromDateTime(row.Day.ToDateTime());
}

/// <summary>Usage rows as RFC 4180 CSV with a header; text a caller chose is neutralised as in <see cref="EntryCsv"/>.</summary>
internal sealed class UsageCsv : IUsageSink
{
    private readonly CsvWriter _csv;
    private readonly bool _members;

    public UsageCsv(TextWriter output, bool members = false)
    {
        _members = members;
        _csv = new CsvWriter(output, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }, leaveOpen: true);
        foreach (var column in members ? UsageColumns.PoolNames : UsageColumns.Names)
        {
            _csv.WriteField(column);
        }
        _csv.NextRecord();
    }

    public Task WriteAsync(ExportUsageResponse row, CancellationToken cancellationToken)
    {
        _csv.WriteField(row.AccountId);
        if (_members)
        {
            _csv.WriteField(row.MemberAccountId);
        }
        _csv.WriteField(UsageColumns.Day(row).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        _csv.WriteField(EntryCsv.Text(row.Feature));
        _csv.WriteField(row.CreditsSpent.ToString(CultureInfo.InvariantCulture));
        _csv.WriteField(row.Operations.ToString(CultureInfo.InvariantCulture));
        _csv.NextRecord();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _csv.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Usage rows as Parquet (Parquet.Net): account_id and feature strings, day a DATE, credits_spent
/// and operations INT64. Rows are written in row groups of <see cref="RowGroupRows"/>, so memory stays
/// flat whatever the export's size.
/// </summary>
internal sealed class UsageParquet : IUsageSink
{
    public const int RowGroupRows = 50_000;

    private static readonly DataField<string> AccountId = new("account_id");
    private static readonly DataField<string> MemberAccountId = new("member_account_id");
    private static readonly DataField<DateOnly> Day = new("day");
    private static readonly DataField<string> Feature = new("feature");
    private static readonly DataField<long> CreditsSpent = new("credits_spent");
    private static readonly DataField<long> Operations = new("operations");
    private static readonly ParquetSchema Schema = new(AccountId, Day, Feature, CreditsSpent, Operations);
    private static readonly ParquetSchema PoolSchema = new(AccountId, MemberAccountId, Day, Feature, CreditsSpent, Operations);

    private readonly ParquetWriter _writer;
    private readonly bool _members;
    private readonly List<ExportUsageResponse> _pending = [];

    private UsageParquet(ParquetWriter writer, bool members) => (_writer, _members) = (writer, members);

    public static async Task<UsageParquet> CreateAsync(Stream output, CancellationToken cancellationToken, bool members = false) =>
        new(await ParquetWriter.CreateAsync(members ? PoolSchema : Schema, output, cancellationToken: cancellationToken), members);

    public async Task WriteAsync(ExportUsageResponse row, CancellationToken cancellationToken)
    {
        _pending.Add(row);
        if (_pending.Count >= RowGroupRows)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None);
        await _writer.DisposeAsync();
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        using (var group = _writer.CreateRowGroup())
        {
            await group.WriteAsync(AccountId, _pending.ConvertAll(row => row.AccountId));
            if (_members)
            {
                await group.WriteAsync(MemberAccountId, _pending.ConvertAll(row => row.MemberAccountId));
            }
            await group.WriteAsync<DateOnly>(Day, _pending.ConvertAll(UsageColumns.Day).ToArray(), cancellationToken: cancellationToken);
            await group.WriteAsync(Feature, _pending.ConvertAll(row => row.Feature));
            await group.WriteAsync<long>(CreditsSpent, _pending.ConvertAll(row => row.CreditsSpent).ToArray(), cancellationToken: cancellationToken);
            await group.WriteAsync<long>(Operations, _pending.ConvertAll(row => row.Operations).ToArray(), cancellationToken: cancellationToken);
        }
        _pending.Clear();
    }
}
