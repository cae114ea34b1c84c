using Credits.Ledger.Coherence;
using Credits.Ledger.Data;
using Credits.Ledger.History;
using Credits.Ledger.Tests.Support;
using Credits.Testing;
using Npgsql;

namespace Credits.Ledger.Tests.Balances;

/// <summary>
/// Two server instances on one PostgreSQL database, each relaying its changes to the other. Only
/// PostgreSQL: an SQLite file belongs to one process. The clock never moves here, so a cached
/// balance could only end by a notice.
/// </summary>
public sealed class PeerRelayTests
{
    private LedgerHarness One { get; set; } = null!;
    private LedgerHarness Other { get; set; } = null!;

    [SetUp]
    public async Task StartTwoRelayingInstances()
    {
        One = new LedgerHarness(DatabaseProvider.Postgres);
        Other = One.Peer();
        await One.StartRelayAsync();
        await Other.StartRelayAsync();
    }

    [TearDown]
    public void Stop()
    {
        Other.Dispose();
        One.Dispose();
    }

    [Test]
    public async Task A_write_through_one_instance_ends_the_others_cached_balance()
    {
        await One.Grant("user:1", 10);
        Assert.That((await One.Balance("user:1")).Available, Is.EqualTo(10));

        await Other.Grant("user:1", 5);

        await Eventually.True(async () => (await One.Balance("user:1")).Available == 15, "the other instance's grant to be read");
    }

    [Test]
    public async Task A_write_wakes_history_followers_on_the_other_instance()
    {
        await One.Grant("user:1", 10);
        using var timeout = new CancellationTokenSource(Eventually.Timeout);
        await using var follower = One.Ledger.StreamHistoryAsync("user:1", 1, follow: true, timeout.Token).GetAsyncEnumerator();
        var next = follower.MoveNextAsync().AsTask();

        await Other.Grant("user:1", 5);

        // Followers poll once a second without a notice; within that second it must have come.
        Assert.That(await Task.WhenAny(next, Task.Delay(JournalFollowers.PollInterval * 0.8)), Is.SameAs(next));
        Assert.That(follower.Current.Sequence, Is.EqualTo(2));
    }

    [Test]
    public async Task Changes_made_while_the_listener_was_cut_off_are_never_served_stale()
    {
        await One.Grant("user:1", 10);
        await One.Balance("user:1");
        var resets = One.Changes.Cache.Resets;

        Assert.That(await TerminateAsync(One, "LISTEN%"), Is.EqualTo(1));
        await Other.Grant("user:1", 5);

        await Eventually.True(() => One.Changes.Cache.Resets >= resets + 2 && One.Changes.Cache.Serving, "the listener to reconnect");
        Assert.That((await One.Balance("user:1")).Available, Is.EqualTo(15));
    }

    [Test]
    public async Task A_notice_that_could_not_be_sent_is_sent_again()
    {
        await One.Grant("user:1", 10);
        await One.Balance("user:1");
        await Other.Grant("user:2", 1);
        await Eventually.True(async () => await TerminateAsync(Other, "%pg_notify%") == 1, "the other instance's sender to be cut off");

        await Other.Grant("user:1", 5);

        await Eventually.True(async () => (await One.Balance("user:1")).Available == 15, "the notice to be sent again");
    }

    [Test]
    public void Notices_stay_under_postgres_payload_limit_and_carry_every_account()
    {
        var accounts = Enumerable.Range(0, 3_000).Select(i => $"user:{i}").ToList();

        var payloads = PostgresChangeRelay.Payloads("instance", accounts).ToList();

        Assert.That(payloads, Has.Count.GreaterThan(1));
        Assert.That(payloads.Select(payload => payload.Length), Has.All.LessThanOrEqualTo(PostgresChangeRelay.PayloadCharsMax));
        Assert.That(payloads.SelectMany(payload => payload.Split('\n').Skip(1)), Is.EqualTo(accounts));
        Assert.That(payloads.Select(payload => payload.Split('\n')[0]), Has.All.EqualTo("instance"));
        Assert.That(PostgresChangeRelay.Payloads("instance", null).Single(), Is.EqualTo("instance\n*"));
    }

    /// <summary>Cuts off <paramref name="instance"/>'s relay connections whose last query is like <paramref name="lastQuery"/>.</summary>
    private async Task<long> TerminateAsync(LedgerHarness instance, string lastQuery)
    {
        await using var connection = new NpgsqlConnection(One.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = instance.Relay!.ApplicationName });
        command.Parameters.Add(new NpgsqlParameter { Value = lastQuery });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
