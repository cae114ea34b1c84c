using System.Globalization;
using System.Text.Json;
using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.V1;

namespace Credits.Cli.Tests.Reports;

/// <summary>
/// <c>credits usage</c>, <c>forecast</c>, <c>suggestions</c>, <c>leaderboard</c> and <c>badges</c>:
/// what the analytics service says, as tables for people and JSON with --json; the server's
/// reasons on bad input. Each test works on fresh accounts.
/// </summary>
public sealed class AnalyticsCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    private DateTimeOffset Now => Server.Time!.GetUtcNow();

    private static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task SpendAsync(string account, long amount)
    {
        var hold = await Client.ReserveAsync(new ReserveRequest { AccountId = account, Amount = amount, IdempotencyKey = $"r-{Guid.NewGuid():N}" });
        await Client.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
    }

    [Test]
    public async Task Usage_lists_each_day_and_totals_it_against_the_period_before()
    {
        var account = NewAccount();
        await Grant(account, 100, $"g-{Guid.NewGuid():N}");
        var first = Now;
        await SpendAsync(account, 10);
        Server.Time!.Advance(TimeSpan.FromDays(1));
        await SpendAsync(account, 7);

        var result = await Credits("usage", account, "--from", Day(first), "--to", Day(first.AddDays(2)));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines[0], Does.Match("^start +feature +credits +operations$"));
        Assert.That(result.OutLines[1], Does.Match($"^{Day(first)} +10 +1$"));
        Assert.That(result.OutLines[2], Does.Match($"^{Day(first.AddDays(1))} +7 +1$"));
        Assert.That(result.OutLines[3], Is.EqualTo("total 17 credits in 2 operations; the period before: 0 (+17)"));
    }

    [Test]
    public async Task Forecast_shows_the_rate_and_the_available_credits()
    {
        var account = NewAccount();
        await Grant(account, 300, $"g-{Guid.NewGuid():N}");

        var text = await Credits("forecast", account);
        var json = await Credits("forecast", account, "--json");

        Assert.That(text.ExitCode, Is.Zero, text.ToString());
        Assert.That(text.OutLines, Does.Contain("available  300").And.Contain("runs out   never at this rate"));
        Assert.That(JsonDocument.Parse(json.Out).RootElement.GetProperty("available").GetString(), Is.EqualTo("300"));
    }

    [Test]
    public async Task Suggestions_say_so_when_there_is_nothing_to_advise()
    {
        var result = await Credits("suggestions", NewAccount());

        Assert.That((result.ExitCode, result.Out), Is.EqualTo((0, "Nothing to advise.\n")));
    }

    [Test]
    public async Task The_leaderboard_lists_entrants_by_the_gifts_they_received()
    {
        var account = NewAccount();
        var name = $"cli-{Guid.NewGuid():N}"[..16];
        await Client.SetLeaderboardParticipationAsync(account, name);
        await Grant(account, 33, $"g-{Guid.NewGuid():N}", Bucket.Gift);

        var result = await Credits("leaderboard", "--period", "week", "--top", "100");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines[0], Does.Match(@"^\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(exclusive\)$"));
        Assert.That(result.OutLines.Where(line => line.Contains(name, StringComparison.Ordinal)).Single(), Does.Match($@"^\d+ +{name} +33$"));
    }

    [Test]
    public async Task A_board_longer_than_100_places_is_refused_with_the_servers_reason()
    {
        var result = await Credits("leaderboard", "--top", "101");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Error, Does.Contain("top"));
    }

    [Test]
    public async Task Badges_list_the_first_purchase_and_the_next_milestone()
    {
        var account = NewAccount();
        await Grant(account, 500, $"g-{Guid.NewGuid():N}");

        var result = await Credits("badges", account);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines[1], Does.Match(@"^first_purchase +1 +\d{4}-\d{2}-\d{2}T.*Z$"));
        Assert.That(result.OutLines[^1], Is.EqualTo("credits used 0; next: 100"));
    }
}
