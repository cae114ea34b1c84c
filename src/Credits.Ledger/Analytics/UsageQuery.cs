using Credits.Ledger.Accounts;
using Credits.Ledger.Errors;

namespace Credits.Ledger.Analytics;

/// <summary>What a usage report covers: one account, a time range, bucket size, split by feature or not, with the previous period or not.</summary>
public sealed record UsageQuery(
    string AccountId,
    DateTimeOffset Start,
    DateTimeOffset End,
    UsageGranularity Granularity,
    bool GroupByFeature,
    bool ComparePrevious)
{
    /// <summary>The longest range one report covers (about three years of daily rows per feature).</summary>
    public const int RangeDaysMax = 1_100;

    /// <summary>Throws INVALID_ARGUMENT naming the first field that is wrong.</summary>
    public void Validate()
    {
        AccountIds.Parse(AccountId, "account_id");
        ValidateRange(Start, End, Granularity);
    }

    /// <summary>The range and granularity rules, shared with the operators' overview.</summary>
    internal static void ValidateRange(DateTimeOffset start, DateTimeOffset end, UsageGranularity granularity)
    {
        if (start == default)
        {
            throw LedgerErrors.Invalid("start_time", "start_time is required.").ToException();
        }
        if (end == default)
        {
            throw LedgerErrors.Invalid("end_time", "end_time is required.").ToException();
        }
        if (start < DateTimeOffset.UnixEpoch)
        {
            throw LedgerErrors.Invalid("start_time", "start_time must not be before 1970-01-01.").ToException();
        }
        if (end <= start)
        {
            throw LedgerErrors.Invalid("end_time", "end_time must be after start_time.").ToException();
        }
        if (end - start > TimeSpan.FromDays(RangeDaysMax))
        {
            throw LedgerErrors.Invalid("end_time", $"A usage report covers at most {RangeDaysMax} days.").ToException();
        }
        if (!Enum.IsDefined(granularity))
        {
            throw LedgerErrors.Invalid("granularity", "granularity must be DAY, WEEK or MONTH.").ToException();
        }
    }
}
