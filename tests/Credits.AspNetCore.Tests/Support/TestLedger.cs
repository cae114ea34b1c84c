using System.Globalization;
using Credits.Client;
using Credits.Ledger.Data;
using Credits.Testing.Hosting;
using Credits.V1;

namespace Credits.AspNetCore.Tests.Support;

/// <summary>
/// The real ledger server on a throwaway database, on the real clock (holds must expire as they would), with
/// one API key for the product service and a client the tests read balances and journals with.
/// </summary>
internal sealed class TestLedger : IAsyncDisposable
{
    public const string ProductKey = "ck_test_product_7d2e9a4c1b3f5e80";
    public const string Feature = "image.generate";
    public const long FeaturePrice = 5;

    private readonly TestServerHost _host;

    private TestLedger(TestServerHost host)
    {
        _host = host;
        Client = new CreditsClient(host.Channel.CreateCallInvoker(), ProductKey);
    }

    public Uri Address => _host.Address;

    public CreditsClient Client { get; }

    public static async Task<TestLedger> StartAsync(DatabaseProvider provider) =>
        new(await TestServerHost.StartAsync(provider, new TestServerOptions
        {
            ApiKeys = [TestApiKey.For("product", ProductKey, "ledger:read", "ledger:write")],
            Configuration = new Dictionary<string, string?>
            {
                [$"Ledger:Features:{Feature}"] = FeaturePrice.ToString(CultureInfo.InvariantCulture),
            },
        }));

    /// <summary>A fresh account with <paramref name="credits"/> purchased credits.</summary>
    public async Task<string> AccountWith(long credits)
    {
        var account = $"user:{Guid.NewGuid():N}";
        await Client.GrantAsync(new GrantRequest
        {
            AccountId = account,
            Amount = credits,
            Bucket = Bucket.Purchased,
            Reference = "test",
            IdempotencyKey = $"grant-{Guid.NewGuid():N}",
        });
        return account;
    }

    public async Task<Balance> Balance(string account) => await Client.GetBalanceAsync(account);

    /// <summary>The account's journal entries of <paramref name="kind"/>.</summary>
    public async Task<List<JournalEntry>> Entries(string account, EntryKind kind)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in Client.StreamHistoryAsync(account, 0, follow: false))
        {
            if (entry.Kind == kind)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }
}
