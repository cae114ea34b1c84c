using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Credits.Ledger.Validation;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Analytics;

/// <summary>
/// The leaderboard: accounts that opted in, ranked by the credits they received as gifts and
/// referral rewards (the <see cref="Bucket.Gift"/> and <see cref="Bucket.Referral"/> lots granted to
/// them) in the current UTC week (from Monday) or month. Spending is private and never ranked.
/// Ties go to the account that joined first. Reads the entrants' lots by their primary key, so the
/// cost grows with the opt-in accounts, never with the journal.
/// </summary>
public sealed class Leaderboards(LedgerDatabase database, TimeProvider time)
{
    /// <summary>Longest display name, in UTF-16 code units.</summary>
    public const int DisplayNameMax = 32;

    /// <summary>Most places a board lists.</summary>
    public const int TopMax = 100;

    private static readonly int[] Earning = [(int)Bucket.Gift, (int)Bucket.Referral];

    /// <summary>
    /// Puts <paramref name="accountId"/> on the board as <paramref name="displayName"/> (a rename
    /// keeps its place in ties), or takes it off when <paramref name="displayName"/> is null.
    /// A setting, not a change of credits: repeating it gives the same state.
    /// </summary>
    public async Task SetParticipationAsync(string accountId, string? displayName, CancellationToken cancellationToken = default)
    {
        if (AccountIds.Parse(accountId, "account_id") == AccountKind.Lead)
        {
            throw LedgerErrors.Invalid("account_id", "A lead is anonymous and cannot join the leaderboard.").ToException();
        }
        await using var db = database.Open();
        if (displayName is null)
        {
            await db.LeaderboardEntrants.Where(row => row.AccountId == accountId).DeleteAsync(cancellationToken);
            return;
        }
        var name = ValidName(displayName);
        var now = Clock.ToMs(time.GetUtcNow());
        await db.LeaderboardEntrants.InsertOrUpdateAsync(
            () => new LeaderboardEntrantRow { AccountId = accountId, DisplayName = name, JoinedAtMs = now },
            row => new LeaderboardEntrantRow { DisplayName = name },
            cancellationToken);
    }

    /// <summary>The board of the <paramref name="period"/> (week or month) holding now: at most <paramref name="top"/> places.</summary>
    public async Task<LeaderboardStanding> GetAsync(UsageGranularity period, int top, CancellationToken cancellationToken = default)
    {
        if (period is not (UsageGranularity.Week or UsageGranularity.Month))
        {
            throw LedgerErrors.Invalid("period", "A leaderboard covers a week or a month.").ToException();
        }
        if (top is < 1 or > TopMax)
        {
            throw LedgerErrors.Invalid("top", $"top must be 1 to {TopMax}.").ToException();
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var start = UsagePeriods.BucketStart(today, period);
        var end = UsagePeriods.Next(start, period);
        var (fromMs, toMs) = (Clock.ToMs(UsagePeriods.Midnight(start)), Clock.ToMs(UsagePeriods.Midnight(end)));

        await using var db = database.Open();
        var places = await (
                from entrant in db.LeaderboardEntrants
                join lot in db.Lots on entrant.AccountId equals lot.AccountId
                where Earning.Contains(lot.Bucket) && lot.CreatedAtMs >= fromMs && lot.CreatedAtMs < toMs
                group lot by new { entrant.AccountId, entrant.DisplayName, entrant.JoinedAtMs } into earned
                select new { earned.Key.DisplayName, earned.Key.JoinedAtMs, Credits = earned.Sum(lot => lot.Amount) })
            .OrderByDescending(place => place.Credits).ThenBy(place => place.JoinedAtMs)
            .Take(top)
            .ToListAsync(cancellationToken);
        var entries = places.Select((place, i) => new LeaderboardPlace(i + 1, place.DisplayName, place.Credits)).ToList();
        return new LeaderboardStanding(UsagePeriods.Midnight(start), UsagePeriods.Midnight(end), entries);
    }

    private static string ValidName(string displayName)
    {
        var name = displayName.Trim();
        if (name.Length is 0 or > DisplayNameMax)
        {
            throw LedgerErrors.Invalid("display_name", $"A display name has 1 to {DisplayNameMax} characters.").ToException();
        }
        var forbidden = Text.IndexOfForbidden(name);
        if (forbidden >= 0)
        {
            throw LedgerErrors.Invalid("display_name", $"The display name holds a control or formatting character at {forbidden}.").ToException();
        }
        return name;
    }
}

/// <summary>One period's board.</summary>
/// <param name="Start">The period's first instant (UTC midnight).</param>
/// <param name="End">The instant after the period.</param>
/// <param name="Places">Best first; only accounts that received credits in the period.</param>
public sealed record LeaderboardStanding(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<LeaderboardPlace> Places);

/// <summary>A place on the board: the entrant's chosen name, never its account id.</summary>
public sealed record LeaderboardPlace(int Rank, string DisplayName, long CreditsEarned);
