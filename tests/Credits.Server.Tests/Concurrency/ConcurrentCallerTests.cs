using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;

namespace Credits.Server.Tests.Concurrency;

/// <summary>Many callers on one account through the server: never overdrawn, and every credit accounted for.</summary>
public sealed class ConcurrentCallerTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private const int Callers = 32;
    private const int RoundsPerCaller = 4;
    private const long Granted = 200;
    private const long ReservePerRound = 5;

    [Test]
    public async Task Thirty_two_concurrent_callers_reserving_and_committing_never_overdraw_and_leave_granted_minus_committed()
    {
        var account = NewAccount();
        await Grant(account, Granted);
        long committed = 0;
        var refused = 0;
        var lowestAvailableSeen = long.MaxValue;

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            for (var round = 0; round < RoundsPerCaller; round++)
            {
                ReserveResponse hold;
                try
                {
                    hold = await Writer.ReserveAsync(ReserveRequest(account, ReservePerRound));
                }
                catch (InsufficientCreditsException)
                {
                    // Losing the race for the last credits is an expected outcome, never ABORTED.
                    Interlocked.Increment(ref refused);
                    continue;
                }
                var cost = 1 + ((caller + round) % ReservePerRound);
                var commit = await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId, Amount = cost });
                Interlocked.Add(ref committed, commit.Committed);
                Assert.That(commit.Committed, Is.EqualTo(cost));
                Assert.That(commit.Released, Is.EqualTo(ReservePerRound - cost));
                InterlockedMin(ref lowestAvailableSeen, Math.Min(hold.Balance.Available, commit.Balance.Available));
            }
        })));

        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(lowestAvailableSeen, Is.GreaterThanOrEqualTo(0), "never overdrawn");
        Assert.That(committed, Is.GreaterThan(0));
        Assert.That(balance.Available, Is.EqualTo(Granted - committed));
        Assert.That(balance.Held, Is.Zero);
        var commits = (await History(account)).Where(e => e.Kind == EntryKind.Commit).ToList();
        Assert.That(commits.Sum(e => -e.Amount), Is.EqualTo(committed));
        Assert.That(commits, Has.Count.EqualTo((Callers * RoundsPerCaller) - refused));
    }

    private static void InterlockedMin(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
