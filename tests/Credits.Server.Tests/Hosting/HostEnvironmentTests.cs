using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Credits.V1;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Server.Tests.Hosting;

/// <summary>What the host environment changes about keys: each test starts its own host.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class HostEnvironmentTests(DatabaseProvider provider)
{
    [Test]
    public async Task A_development_host_accepts_the_development_key_and_journals_it_as_development()
    {
        await using var server = await LedgerServer.StartAsync(provider, new ServerSettings { Environment = "Development", WithKeys = false });
        using var client = server.Client(TestKeys.Development);
        var account = $"user:{Guid.NewGuid():N}";

        var granted = await client.GrantAsync(new GrantRequest
        {
            AccountId = account,
            Amount = 10,
            Bucket = Bucket.Free,
            IdempotencyKey = "dev-1",
        });

        Assert.That(granted.Balance.Available, Is.EqualTo(10));
        var entries = new List<JournalEntry>();
        await foreach (var entry in client.StreamHistoryAsync(account))
        {
            entries.Add(entry);
        }
        Assert.That(entries, Has.Count.EqualTo(1));
        Assert.That(entries[0].Actor, Is.EqualTo("development"));
        Assert.That(await server.Verifier.VerifyAsync(), Is.Empty);
    }

    [Test]
    public async Task A_production_host_without_keys_refuses_to_start()
    {
        var database = TestDatabases.Create(provider, out var drop);
        try
        {
            await using var app = LedgerServer.Build(database, new FakeTimeProvider(LedgerServer.Start),
                new ServerSettings { Environment = "Production", WithKeys = false });

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.That(error!.Failures, Has.Some.Contains("Auth:ApiKeys"));
        }
        finally
        {
            drop();
        }
    }

    [Test]
    public async Task A_host_on_a_database_that_can_lose_acknowledged_commits_refuses_to_start_unless_told_to_warn()
    {
        var database = TestDatabases.Create(provider, out var drop);
        try
        {
            await using var refusing = LedgerServer.Build(database, new FakeTimeProvider(LedgerServer.Start),
                new ServerSettings { UnsafeDurability = "Refuse" });
            await using var warning = LedgerServer.Build(database, new FakeTimeProvider(LedgerServer.Start),
                new ServerSettings { UnsafeDurability = "Warn" });

            if (provider == DatabaseProvider.Postgres)
            {
                // The test cluster runs with fsync=off: exactly what must not back a real ledger.
                var error = await Assert.ThrowsAsync<InvalidOperationException>(() => refusing.StartAsync());
                Assert.That(error!.Message, Does.Contain("fsync=off"));
            }
            else
            {
                // SQLite keeps its durable default (synchronous=FULL): nothing to refuse.
                await refusing.StartAsync();
                await refusing.StopAsync();
            }
            await warning.StartAsync();
            await warning.StopAsync();
        }
        finally
        {
            drop();
        }
    }
}
