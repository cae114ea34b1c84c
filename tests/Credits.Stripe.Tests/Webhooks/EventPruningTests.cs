using System.Data.Common;
using System.Globalization;
using Credits.Ledger.Data;
using Credits.Ledger.Payments;
using Credits.Server.Stripe;
using Credits.Stripe.Tests.Support;
using Credits.Testing;

namespace Credits.Stripe.Tests.Webhooks;

/// <summary>
/// Stripe:EventRetention: the ids of applied events (stripe_events) are forgotten once older than
/// the retention (default 90 days, counted from when the event was received) by a sweep on the
/// server's clock, so the table stops growing; a younger event is still recognised when redelivered.
/// Its own fixture: these tests move the shared clock by months.
/// </summary>
public sealed class EventPruningTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private static readonly TimeSpan Retention = StripeOptions.EventRetentionDefault;

    [Test]
    public async Task An_event_older_than_the_retention_is_pruned_and_a_younger_one_is_kept_and_still_a_duplicate()
    {
        var oldId = StripeObjects.NewId("evt_");
        using (var first = await PostSigned(StripeObjects.ExampleEvent(Now, oldId)))
        {
            Assert.That(await OutcomeOf(first), Is.EqualTo("ignored"));
        }
        Time.Advance(TimeSpan.FromDays(60));
        var youngId = StripeObjects.NewId("evt_");
        using (var first = await PostSigned(StripeObjects.ExampleEvent(Now, youngId)))
        {
            Assert.That(await OutcomeOf(first), Is.EqualTo("ignored"));
        }
        Assert.That(await EventIdsAsync(oldId, youngId), Is.EquivalentTo(new[] { oldId, youngId }), "both recorded");

        // The old event is now 91 days old, the young one 31: the sweep this step triggers prunes one only.
        Time.Advance(Retention - TimeSpan.FromDays(60) + TimeSpan.FromDays(1));
        await Eventually.True(async () => (await EventIdsAsync(oldId)).Count == 0, "the event older than the retention pruned");

        Assert.That(await EventIdsAsync(youngId), Has.Count.EqualTo(1), "the younger event kept");
        using var redelivered = await PostSigned(StripeObjects.ExampleEvent(Now, youngId));
        Assert.That(await OutcomeOf(redelivered), Is.EqualTo("duplicate"), "a redelivery of the kept event is recognised");
        using var forgotten = await PostSigned(StripeObjects.ExampleEvent(Now, oldId));
        Assert.That(await OutcomeOf(forgotten), Is.EqualTo("ignored"), "the pruned event is no longer known");
    }

    [Test]
    public async Task A_backlog_of_several_chunks_is_pruned_in_one_sweep()
    {
        var prefix = StripeObjects.NewId("evt_backlog_") + "_";
        var rows = (2 * WebhookEventLog.PruneChunkRows) + 345;
        await InsertOldEventsAsync(prefix, rows, receivedAt: Now - Retention - TimeSpan.FromDays(1));
        Assert.That(await CountAsync(prefix), Is.EqualTo(rows));

        Time.Advance(TimeSpan.FromHours(1));

        await Eventually.True(async () => await CountAsync(prefix) == 0, $"all {rows} old events pruned");
    }

    private Task<DbConnection> OpenAsync() => TestSql.OpenAsync(Server.Database);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Which of <paramref name="eventIds"/> stripe_events holds.</summary>
    private async Task<List<string>> EventIdsAsync(params string[] eventIds)
    {
        await using var connection = await OpenAsync();
        var found = new List<string>();
        foreach (var eventId in eventIds)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT event_id FROM stripe_events WHERE event_id = @id";
            Add(command, "id", eventId);
            if (await command.ExecuteScalarAsync() is string id)
            {
                found.Add(id);
            }
        }
        return found;
    }

    private async Task<long> CountAsync(string prefix)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM stripe_events WHERE event_id LIKE @prefix";
        Add(command, "prefix", prefix + "%");
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Writes <paramref name="count"/> applied events received at <paramref name="receivedAt"/>, as a long-running server would have.</summary>
    private async Task InsertOldEventsAsync(string prefix, int count, DateTimeOffset receivedAt)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO stripe_events (event_id, type, created_at_ms, received_at_ms, outcome) VALUES (@id, 'customer.created', @at, @at, 'ignored')";
        var id = command.CreateParameter();
        id.ParameterName = "id";
        command.Parameters.Add(id);
        var at = command.CreateParameter();
        at.ParameterName = "at";
        command.Parameters.Add(at);
        for (var i = 0; i < count; i++)
        {
            id.Value = prefix + i.ToString("D5", CultureInfo.InvariantCulture);
            at.Value = receivedAt.ToUnixTimeMilliseconds() - i;
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}
