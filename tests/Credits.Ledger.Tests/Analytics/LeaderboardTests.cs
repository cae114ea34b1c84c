using Credits.Ledger.Analytics;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Analytics;

/// <summary>
/// The leaderboard ranks opted-in accounts by gift and referral credits received in the current
/// week or month. The harness's clock starts on Thursday 2026-01-01, so its week began on Monday
/// 2025-12-29 and its month on January 1st.
/// </summary>
public sealed class LeaderboardTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private Leaderboards Board => new(Ledger.Database, Ledger.Time);

    private async Task<IReadOnlyList<(int, string, long)>> PlacesAsync(UsageGranularity period = UsageGranularity.Month, int top = 10) =>
        [.. (await Board.GetAsync(period, top)).Places.Select(place => (place.Rank, place.DisplayName, place.CreditsEarned))];

    [Test]
    public async Task Only_accounts_that_opted_in_are_ranked_by_the_gift_and_referral_credits_they_received_under_their_chosen_name()
    {
        await Board.SetParticipationAsync("user:1", "Ada");
        await Board.SetParticipationAsync("user:2", "Bob");
        await Ledger.Grant("user:1", 50, Bucket.Gift);
        await Ledger.Grant("user:1", 30, Bucket.Referral);
        await Ledger.Grant("user:1", 1_000, Bucket.Purchased);   // bought, not earned
        await Ledger.Grant("user:2", 100, Bucket.Gift);
        await Ledger.Grant("user:3", 500, Bucket.Gift);         // never opted in

        Assert.That(await PlacesAsync(), Is.EqualTo(new[] { (1, "Bob", 100L), (2, "Ada", 80L) }));
    }

    [Test]
    public async Task Each_board_counts_only_its_own_period()
    {
        await Board.SetParticipationAsync("user:1", "Ada");
        await Ledger.Grant("user:1", 40, Bucket.Gift);                // Thursday 1 January

        Ledger.Advance(TimeSpan.FromDays(4));                          // Monday 5 January: a new week
        Assert.That(await PlacesAsync(UsageGranularity.Week), Is.Empty);
        Assert.That(await PlacesAsync(UsageGranularity.Month), Is.EqualTo(new[] { (1, "Ada", 40L) }));
        var week = await Board.GetAsync(UsageGranularity.Week, 10);
        Assert.That((week.Start, week.End), Is.EqualTo((LedgerHarness.Start.AddDays(4), LedgerHarness.Start.AddDays(11))));

        Ledger.Advance(TimeSpan.FromDays(27));                         // 1 February: a new month
        Assert.That(await PlacesAsync(UsageGranularity.Month), Is.Empty);
    }

    [Test]
    public async Task A_tie_goes_to_the_account_that_joined_first_and_a_rename_keeps_that_place()
    {
        await Board.SetParticipationAsync("user:2", "Bob");
        Ledger.Advance(TimeSpan.FromMinutes(1));
        await Board.SetParticipationAsync("user:1", "Ada");
        await Ledger.Grant("user:1", 25, Bucket.Gift);
        await Ledger.Grant("user:2", 25, Bucket.Gift);

        await Board.SetParticipationAsync("user:2", "  Bobby  ");

        Assert.That(await PlacesAsync(), Is.EqualTo(new[] { (1, "Bobby", 25L), (2, "Ada", 25L) }));
        Assert.That(await PlacesAsync(top: 1), Is.EqualTo(new[] { (1, "Bobby", 25L) }));
    }

    [Test]
    public async Task Leaving_takes_the_account_off_the_board_and_leaving_twice_is_harmless()
    {
        await Board.SetParticipationAsync("user:1", "Ada");
        await Ledger.Grant("user:1", 10, Bucket.Gift);

        await Board.SetParticipationAsync("user:1", null);
        await Board.SetParticipationAsync("user:1", null);

        Assert.That(await PlacesAsync(), Is.Empty);
    }

    [TestCase("lead:abc", "Ada", "account_id")]
    [TestCase("nobody", "Ada", "account_id")]
    [TestCase("user:1", "   ", "display_name")]
    [TestCase("user:1", "a name far longer than thirty-two characters", "display_name")]
    [TestCase("user:1", "bell\u0007", "display_name")]
    [TestCase("user:1", "evil\u202Eeman", "display_name")]
    public async Task A_bad_entrant_names_its_field_and_changes_nothing(string account, string name, string field)
    {
        await Ledger.Grant("user:1", 10, Bucket.Gift);

        var error = (await Assert.ThrowsAsync<LedgerException>(() => Board.SetParticipationAsync(account, name)))!;

        Assert.That((error.Kind, error.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, field)));
        Assert.That(await PlacesAsync(), Is.Empty);
    }

    [TestCase(UsageGranularity.Day, 10, "period")]
    [TestCase(UsageGranularity.Month, 0, "top")]
    [TestCase(UsageGranularity.Month, 101, "top")]
    public async Task A_bad_board_request_names_its_field(UsageGranularity period, int top, string field)
    {
        var error = (await Assert.ThrowsAsync<LedgerException>(() => Board.GetAsync(period, top)))!;

        Assert.That((error.Kind, error.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, field)));
    }
}
