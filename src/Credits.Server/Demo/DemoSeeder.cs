using System.Globalization;
using Credits.Ledger;
using Credits.Ledger.Analytics;
using Credits.Ledger.Commands;
using Credits.Ledger.Errors;
using Credits.Ledger.Expiry;
using Credits.Ledger.Lots;

namespace Credits.Server.Demo;

/// <summary>
/// Writes a few months of realistic history through the ledger's own commands, with the clock
/// moved day by day: free credits on the first day, monthly allowances for subscribers, packs
/// bought when credits run short, paid operations (most committed, some released) that grow or
/// shrink month on month and dip at weekends, a few gifts between people, expiry swept every
/// night, and half the people on the leaderboard. Because every entry goes through the ledger, the
/// result passes <c>credits verify</c> and the aggregates, forecasts and dashboards read it as
/// they would read production.
/// </summary>
internal sealed class DemoSeeder(CreditLedger ledger, ExpirySweeper sweeper, Leaderboards leaderboards, DemoClock clock)
{
    private const string Actor = "demo-seed";
    private const long FreeCredits = 20;
    private const long MonthlyAllowance = 400;
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private long _operations;
    private long _purchases;
    private long _gifts;

    /// <summary>Whether the demo accounts hold history already (the seed then refuses: it writes once).</summary>
    public async Task<bool> AlreadySeededAsync(CancellationToken cancellationToken)
    {
        var first = await ledger.GetBalanceAsync(DemoPlan.AccountId(0), cancellationToken: cancellationToken);
        return first.LastSequence > 0;
    }

    public async Task<DemoSummary> SeedAsync(DemoPlan plan, TextWriter progress, CancellationToken cancellationToken)
    {
        var random = new Random(plan.Seed);
        var people = Enumerable.Range(0, plan.Accounts).Select(i => DemoPerson.Create(i, plan.Features.Count, random)).ToList();
        for (var day = 0; day < plan.Days; day++)
        {
            var dayStart = plan.Start.AddDays(day);
            var date = DateOnly.FromDateTime(dayStart.UtcDateTime);
            clock.Now = dayStart.AddMinutes(5);
            await sweeper.SweepOnceAsync(cancellationToken: cancellationToken);
            foreach (var person in people)
            {
                await GrantsOfTheDayAsync(person, day, date, cancellationToken);
            }

            // Each person's operations of the day, in rounds a quarter of an hour apart from 08:00;
            // people act at once within a round, as concurrent callers would.
            var counts = people.ToDictionary(person => person, person => person.OperationsOn(date, day, random));
            var plans = people.ToDictionary(person => person,
                person => Enumerable.Range(0, counts[person]).Select(_ => (Feature: person.PickFeature(random), Quantity: 1 + random.Next(3), Commit: random.NextDouble() < 0.92)).ToList());
            for (var round = 0; round < counts.Values.DefaultIfEmpty(0).Max(); round++)
            {
                clock.Now = dayStart.AddHours(8).AddMinutes(15 * Math.Min(round, 59));
                await Task.WhenAll(people.Where(person => round < counts[person]).Select(person =>
                    OperateAsync(person, plan.Features[plans[person][round].Feature], plans[person][round].Quantity, plans[person][round].Commit,
                        $"{day}-{round}", cancellationToken)));
            }

            clock.Now = dayStart.AddHours(20);
            foreach (var person in people.Where(_ => random.NextDouble() < 0.03))
            {
                var receiver = people[random.Next(people.Count)];
                await GiftAsync(person, receiver, 10 + random.Next(21), day, cancellationToken);
            }
            if ((day + 1) % 7 == 0 || day + 1 == plan.Days)
            {
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {date:yyyy-MM-dd} (day {day + 1} of {plan.Days}): {_operations:N0} operations, {_purchases:N0} packs bought, {_gifts:N0} gifts"));
            }
        }
        clock.Now = plan.End;
        foreach (var person in people.Where(person => person.JoinsLeaderboard))
        {
            await leaderboards.SetParticipationAsync(person.AccountId, person.DisplayName, cancellationToken);
        }
        return new DemoSummary(people.Count, plan.Days, _operations, _purchases, _gifts);
    }

    private async Task GrantsOfTheDayAsync(DemoPerson person, int day, DateOnly date, CancellationToken cancellationToken)
    {
        if (day == 0)
        {
            await GrantAsync(person.AccountId, FreeCredits, Bucket.Free, clock.Now.AddDays(30), $"demo-free-{person.AccountId}", cancellationToken);
        }
        if (person.Subscribes && (day == 0 || date.Day == 1))
        {
            var nextMonth = new DateOnly(date.Year, date.Month, 1).AddMonths(1);
            await GrantAsync(person.AccountId, MonthlyAllowance, Bucket.Subscription, new DateTimeOffset(nextMonth.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                $"demo-allowance-{person.AccountId}-{date:yyyy-MM}", cancellationToken);
        }
    }

    private async Task OperateAsync(DemoPerson person, string feature, int quantity, bool commit, string step, CancellationToken cancellationToken)
    {
        var reserve = new ReserveCommand(Actor, person.AccountId, null, feature, quantity, null, $"demo-{person.AccountId}-{step}", NoMetadata);
        ReserveResult hold;
        try
        {
            hold = await ledger.ReserveAsync(reserve, cancellationToken);
        }
        catch (LedgerException error) when (error.Kind == LedgerErrorKind.InsufficientCredits)
        {
            // Out of credits: buy the pack that fits the person's use, then try again.
            var pack = person.OperationsPerDay > 5 ? 500 : 100;
            await GrantAsync(person.AccountId, pack, Bucket.Purchased, clock.Now.AddDays(365), $"demo-pack-{person.AccountId}-{step}", cancellationToken);
            Interlocked.Increment(ref _purchases);
            hold = await ledger.ReserveAsync(reserve with { IdempotencyKey = reserve.IdempotencyKey + "-again" }, cancellationToken);
        }
        if (commit)
        {
            await ledger.CommitAsync(new CommitCommand(Actor, hold.HoldId, null, NoMetadata), cancellationToken);
        }
        else
        {
            await ledger.ReleaseAsync(new ReleaseCommand(Actor, hold.HoldId), cancellationToken);
        }
        Interlocked.Increment(ref _operations);
    }

    private async Task GiftAsync(DemoPerson from, DemoPerson to, long credits, int day, CancellationToken cancellationToken)
    {
        if (from == to)
        {
            return;
        }
        try
        {
            await ledger.TransferAsync(new TransferCommand(Actor, from.AccountId, to.AccountId, credits, $"demo-gift-{from.AccountId}-{day}", "thanks!"),
                cancellationToken);
            _gifts++;
        }
        catch (LedgerException error) when (error.Kind == LedgerErrorKind.InsufficientCredits)
        {
            // Nothing to give today.
        }
    }

    private Task<GrantResult> GrantAsync(string account, long credits, Bucket bucket, DateTimeOffset expiresAt, string key, CancellationToken cancellationToken) =>
        ledger.GrantAsync(new GrantCommand(Actor, account, credits, bucket, expiresAt, null, "demo", key, NoMetadata), cancellationToken);
}

/// <summary>What a seed wrote.</summary>
internal sealed record DemoSummary(int Accounts, int Days, long Operations, long Purchases, long Gifts);
