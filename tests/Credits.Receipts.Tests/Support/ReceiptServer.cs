using System.Globalization;
using System.Text.Json;
using Credits.Ledger;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Outbox;
using Credits.Ledger.Subscriptions;
using Credits.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credits.Receipts.Tests.Support;

/// <summary>How the receipt side of a test server is configured.</summary>
public sealed record ReceiptSettings
{
    public const string FromAddress = "receipts@credits.test";
    public const string FromName = "Credits Test";

    /// <summary>Short enough that a test waits at most a few seconds for a retry.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan RetryDelayMax = TimeSpan.FromSeconds(1);

    /// <summary>The SMTP port; null leaves <c>Receipts:Smtp:Host</c> empty (receipts off).</summary>
    public int? SmtpPort { get; init; }

    public string Username { get; init; } = "";

    public string Password { get; init; } = "";
}

/// <summary>
/// The real server (<see cref="Credits.Server.ServerHost.Build"/>) on a throwaway database, on a free
/// port of 127.0.0.1, on the real clock (the receipt service polls on it), with its logs captured.
/// </summary>
public sealed class ReceiptServer : IAsyncDisposable
{
    public const string Actor = "stripe";

    private readonly TestServerHost _host;

    private ReceiptServer(TestServerHost host, LogCapture logs)
    {
        _host = host;
        Logs = logs;
    }

    public WebApplication App => _host.App;

    public LogCapture Logs { get; }

    public CreditLedger Ledger => App.Services.GetRequiredService<CreditLedger>();

    public OutboxStore Outbox => App.Services.GetRequiredService<OutboxStore>();

    public SubscriptionProcessor Subscriptions => App.Services.GetRequiredService<SubscriptionProcessor>();

    public static async Task<ReceiptServer> StartAsync(DatabaseProvider provider, ReceiptSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var logs = new LogCapture();
        var host = await TestServerHost.StartAsync(provider, new TestServerOptions
        {
            // Outside Development the server refuses to start without a key; these tests make no gRPC call.
            ApiKeys = [new("receipts-test", "5b147747697a23a465fec538b8b51c0faaa5bdffa3459474cb874dd877894fb3", "ledger:read")],
            // The captured logs get the receipt service's records; the console only errors.
            Logging = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Error",
                ["Logging:LogLevel:Credits.Server.Receipts"] = "Information",
                ["Logging:Console:LogLevel:Default"] = "Error",
                ["Logging:Console:LogLevel:Credits.Server.Receipts"] = "Error",
            },
            Configuration = new Dictionary<string, string?>
            {
                ["Receipts:Smtp:Host"] = settings.SmtpPort is null ? "" : "127.0.0.1",
                ["Receipts:Smtp:Port"] = (settings.SmtpPort ?? 25).ToString(CultureInfo.InvariantCulture),
                ["Receipts:Smtp:UseTls"] = "None",
                ["Receipts:Smtp:Username"] = settings.Username,
                ["Receipts:Smtp:Password"] = settings.Password,
                ["Receipts:Smtp:Timeout"] = "00:00:05",
                ["Receipts:From:Address"] = ReceiptSettings.FromAddress,
                ["Receipts:From:Name"] = ReceiptSettings.FromName,
                ["Receipts:PollInterval"] = ReceiptSettings.PollInterval.ToString("c", CultureInfo.InvariantCulture),
                ["Receipts:RetryDelay"] = ReceiptSettings.RetryDelay.ToString("c", CultureInfo.InvariantCulture),
                ["Receipts:RetryDelayMax"] = ReceiptSettings.RetryDelayMax.ToString("c", CultureInfo.InvariantCulture),
                ["Subscriptions:Tiers:basic:Credits"] = "100",
                ["Subscriptions:Tiers:basic:RolloverCap"] = "30",
                ["Subscriptions:Tiers:basic:RolloverPeriods"] = "1",
            },
            Configure = builder => builder.Logging.AddProvider(logs),
        });
        return new ReceiptServer(host, logs);
    }

    /// <summary>
    /// A purchase as the Stripe webhook records it: a grant of the credits and bonus in the purchased
    /// bucket, carrying a <c>receipt.purchase</c> outbox message. A null <paramref name="email"/> leaves the field out.
    /// </summary>
    public Task<GrantResult> PurchaseAsync(string account, string? email, long credits, long bonusCredits, string key,
        string packName = "Starter pack", string? sessionId = null)
    {
        sessionId ??= "cs_test_" + Guid.NewGuid().ToString("N");
        var payload = new Dictionary<string, object?>
        {
            ["email"] = email,
            ["accountId"] = account,
            ["packId"] = "starter",
            ["packName"] = packName,
            ["credits"] = credits,
            ["bonusCredits"] = bonusCredits,
            ["sessionId"] = sessionId,
            ["amountTotal"] = 999,
            ["currency"] = "usd",
        };
        if (email is null)
        {
            payload.Remove("email");
        }
        var command = new GrantCommand(Actor, account, credits + bonusCredits, Bucket.Purchased, null, null, sessionId, key,
            new Dictionary<string, string>())
        {
            Notification = new OutboxMessage("receipt.purchase", JsonSerializer.Serialize(payload)),
        };
        return Ledger.GrantAsync(command);
    }

    /// <summary>A grant with no outbox message (free credits, say).</summary>
    public Task<GrantResult> GrantAsync(string account, long amount) =>
        Ledger.GrantAsync(new GrantCommand(Actor, account, amount, Bucket.Free, null, null, "test", "key-" + Guid.NewGuid().ToString("N"),
            new Dictionary<string, string>()));

    /// <summary>The receipt service's log records about <paramref name="account"/>.</summary>
    public IReadOnlyList<CapturedLog> ReceiptLogs(string account) =>
        Logs.Records.Where(record => record.Category.StartsWith("Credits.Server.Receipts", StringComparison.Ordinal)
            && record.Values.TryGetValue("AccountId", out var value) && Equals(value, account)).ToList();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
