using Credits.Client;
using Credits.Ledger.Data;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework.Interfaces;

namespace Credits.Server.Tests.Support;

/// <summary>
/// Base of every end-to-end fixture: one real server per fixture class and provider (SQLite and
/// PostgreSQL), shared by its tests, which therefore each use their own accounts. Every test ends by
/// checking every ledger invariant over the whole database; the fixture ends with a sweep and a final check.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public abstract class ServerFixture(DatabaseProvider provider)
{
    protected DatabaseProvider Provider { get; } = provider;

    protected LedgerServer Server { get; private set; } = null!;

    /// <summary>The wrapper with the <c>writer</c> key (ledger:read, ledger:write).</summary>
    protected CreditsClient Writer { get; private set; } = null!;

    /// <summary>The wrapper with the <c>reader</c> key (ledger:read only).</summary>
    protected CreditsClient Reader { get; private set; } = null!;

    /// <summary>The generated client, without a key.</summary>
    protected LedgerService.LedgerServiceClient Raw => Server.Raw;

    protected FakeTimeProvider Time => Server.Time;

    protected DateTimeOffset Now => Time.GetUtcNow();

    protected virtual ServerSettings Settings => ServerSettings.Default;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        Server = await LedgerServer.StartAsync(Provider, Settings);
        Writer = Server.Client(TestKeys.Writer);
        Reader = Server.Client(TestKeys.Reader);
    }

    [TearDown]
    public async Task LedgerInvariantsHold()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed)
        {
            Assert.That(await Server.Verifier.VerifyAsync(), Is.Empty, "ledger invariants after the test");
        }
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (Server is null)
        {
            return;
        }
        try
        {
            await Server.Sweeper.SweepOnceAsync();
            Assert.That(await Server.Verifier.VerifyAsync(), Is.Empty, "ledger invariants after a final sweep");
        }
        finally
        {
            Writer.Dispose();
            Reader.Dispose();
            await Server.DisposeAsync();
        }
    }

    /// <summary>A fresh account id, so tests sharing the server never see each other's entries.</summary>
    protected static string NewAccount(string kind = "user") => $"{kind}:{Guid.NewGuid():N}";

    protected static string NewKey() => $"key-{Guid.NewGuid():N}";

    protected static GrantRequest GrantRequest(string account, long amount, Bucket bucket = Bucket.Purchased,
        DateTimeOffset? expiresAt = null, string? key = null)
    {
        var request = new GrantRequest
        {
            AccountId = account,
            Amount = amount,
            Bucket = bucket,
            Reference = "test",
            IdempotencyKey = key ?? NewKey(),
        };
        if (expiresAt is { } expiry)
        {
            request.ExpiresAt = Timestamp.FromDateTimeOffset(expiry);
        }
        return request;
    }

    protected static ReserveRequest ReserveRequest(string account, long amount, TimeSpan? ttl = null, string? key = null)
    {
        var request = new ReserveRequest { AccountId = account, Amount = amount, IdempotencyKey = key ?? NewKey() };
        if (ttl is { } duration)
        {
            request.Ttl = Duration.FromTimeSpan(duration);
        }
        return request;
    }

    protected Task<GrantResponse> Grant(string account, long amount, Bucket bucket = Bucket.Purchased, DateTimeOffset? expiresAt = null) =>
        Writer.GrantAsync(GrantRequest(account, amount, bucket, expiresAt));

    protected Task<ReserveResponse> Reserve(string account, long amount, TimeSpan? ttl = null) =>
        Writer.ReserveAsync(ReserveRequest(account, amount, ttl));

    /// <summary>The account's whole journal as it is now (StreamHistory with follow=false).</summary>
    protected async Task<List<JournalEntry>> History(string account, long afterSequence = 0)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in Writer.StreamHistoryAsync(account, afterSequence, follow: false))
        {
            entries.Add(entry);
        }
        return entries;
    }
}
