using System.Diagnostics;
using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Hosting;

/// <summary>Graceful shutdown: each test starts and stops its own host.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ShutdownTests(DatabaseProvider provider)
{
    [Test]
    public async Task Stopping_the_server_ends_open_history_followers_at_once_with_unavailable_shutting_down()
    {
        await using var server = await LedgerServer.StartAsync(provider);
        using var client = server.Client(TestKeys.Writer);
        var account = $"user:{Guid.NewGuid():N}";
        await client.GrantAsync(new GrantRequest { AccountId = account, Amount = 3, Bucket = Bucket.Free, IdempotencyKey = "k-1" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<JournalEntry>();
        var pastDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var following = Task.Run(async () =>
        {
            await foreach (var entry in client.StreamHistoryAsync(account, follow: true, cancellationToken: timeout.Token))
            {
                received.Add(entry);
                pastDelivered.TrySetResult();
            }
        });
        await pastDelivered.Task.WaitAsync(timeout.Token);

        var stopping = Stopwatch.StartNew();
        await server.App.StopAsync(timeout.Token);
        stopping.Stop();

        var error = await Assert.ThrowsAsync<CreditsUnavailableException>(() => following);
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(error.Reason, Is.EqualTo("SHUTTING_DOWN"));
        Assert.That(received.Select(e => e.Sequence), Is.EqualTo(new long[] { 1 }));
        Assert.That(stopping.Elapsed, Is.LessThan(ServerHost.ShutdownTimeout / 3), "shutdown did not wait for the follower");
    }
}
