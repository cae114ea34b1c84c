using System.Globalization;
using System.Text.Json;
using Credits.Ledger;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Outbox;
using Credits.Ledger.Subscriptions;
using Credits.Testing;
using Credits.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

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

    /// <summary><c>Receipts:MaxAttempts</c> as text, so a test can pass anything; null keeps the server's default.</summary>
    public string? MaxAttempts { get; init; }

    /// <summary>
    /// A clock the test moves. With one, the receipt service polls and the outbox schedules retries
    /// by it at the production delays (1 minute doubling to 1 hour), so a test lets hours pass at once.
    /// </summary>
    public FakeTimeProvider? Time { get; init; }
}

/// <summary>One outbox row as stored: how often it was tried, and whether it was sent or given up.</summary>
public sealed record OutboxState(int Attempts, long? SentAtMs, long? DeadAtMs, string? LastError);

/// <summary>
/// The real server (<see cref="Credits.Server.ServerHost.Build"/>) on a throwaway database, on a free
/// port of 127.0.0.1, with its logs captured; on the real clock with short poll and retry delays, or
/// on a clock the test moves (<see cref="ReceiptSettings.Time"/>) with the production ones.
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

    /// <summary>The test's clock, when <see cref="ReceiptSettings.Time"/> gave one.</summary>
    public FakeTimeProvider Time => _host.Time ?? throw new InvalidOperationException("This server runs on the real clock.");

    public LedgerDatabase Database => _host.Database;

    public CreditLedger Ledger => App.Services.GetRequiredService<CreditLedger>();

    public OutboxStore Outbox => App.Services.GetRequiredService<OutboxStore>();

    public SubscriptionProcessor Subscriptions => App.Services.GetRequiredService<SubscriptionProcessor>();

    public static async Task<ReceiptServer> StartAsync(DatabaseProvider provider, ReceiptSettings settings)
    {
        var logs = new LogCapture();
        return new ReceiptServer(await TestServerHost.StartAsync(provider, Options(settings, logs)), logs);
    }

    /// <summary>The server's options for <paramref name="settings"/>, its receipt logs going to <paramref name="logs"/>.</summary>
    public static TestServerOptions Options(ReceiptSettings settings, LogCapture logs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new Dictionary<string, string?>
        {
            ["Receipts:Smtp:Host"] = settings.SmtpPort is null ? "" : "127.0.0.1",
            ["Receipts:Smtp:Port"] = (settings.SmtpPort ?? 25).ToString(CultureInfo.InvariantCulture),
            ["Receipts:Smtp:UseTls"] = "None",
            ["Receipts:Smtp:Username"] = settings.Username,
            ["Receipts:Smtp:Password"] = settings.Password,
            ["Receipts:Smtp:Timeout"] = "00:00:05",
            ["Receipts:From:Address"] = ReceiptSettings.FromAddress,
            ["Receipts:From:Name"] = ReceiptSettings.FromName,
            ["Subscriptions:Tiers:basic:Credits"] = "100",
            ["Subscriptions:Tiers:basic:RolloverCap"] = "30",
            ["Subscriptions:Tiers:basic:RolloverPeriods"] = "1",
        };
        if (settings.MaxAttempts is not null)
        {
            // Only when given: a key present with no value binds as 0.
            configuration["Receipts:MaxAttempts"] = settings.MaxAttempts;
        }
        if (settings.Time is null)
        {
            configuration["Receipts:PollInterval"] = ReceiptSettings.PollInterval.ToString("c", CultureInfo.InvariantCulture);
            configuration["Receipts:RetryDelay"] = ReceiptSettings.RetryDelay.ToString("c", CultureInfo.InvariantCulture);
            configuration["Receipts:RetryDelayMax"] = ReceiptSettings.RetryDelayMax.ToString("c", CultureInfo.InvariantCulture);
        }
        else
        {
            // The sweeper would run on every step the test moves the clock; receipts are what is tested.
            configuration["Ledger:SweepInterval"] = "1.00:00:00";
        }
        return new TestServerOptions
        {
            Time = settings.Time,
            // Outside Development the server refuses to start without a key; these tests make no gRPC call.
            ApiKeys = [new("receipts-test", "5b147747697a23a465fec538b8b51c0faaa5bdffa3459474cb874dd877894fb3", "ledger:read")],
            // The captured logs get the receipt service's records; the console gets other errors only
            // (the failed and dead receipts these tests provoke are logged at Error on purpose).
            Logging = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Error",
                ["Logging:LogLevel:Credits.Server.Receipts"] = "Information",
                ["Logging:Console:LogLevel:Default"] = "Error",
                ["Logging:Console:LogLevel:Credits.Server.Receipts"] = "None",
            },
            Configuration = configuration,
            Configure = builder => builder.Logging.AddProvider(logs),
        };
    }

    /// <summary>
    /// A purchase as the Stripe webhook records it: a grant of the credits and bonus in the purchased
    /// bucket, carrying a <c>receipt.purchase</c> outbox message. A null <paramref name="email"/> leaves the field out.
    /// </summary>
    public Task<GrantResult> PurchaseAsync(string account, string? email, long credits, long bonusCredits, string key,
        string packName = "Starter pack", string? sessionId = null, long amountTotal = 999, string currency = "usd", string? locale = null)
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
            ["amountTotal"] = amountTotal,
            ["currency"] = currency,
        };
        if (locale is not null)
        {
            payload["locale"] = locale;
        }
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

    /// <summary>The account's one outbox row, read from the table.</summary>
    public async Task<OutboxState> OutboxRowAsync(string account)
    {
        var rows = await TestSql.QueryAsync(Database, "SELECT attempts, sent_at_ms, dead_at_ms, last_error FROM outbox WHERE account_id = @account",
            reader => new OutboxState(
                Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)),
            ("account", account));
        Assert.That(rows, Has.Count.EqualTo(1), $"one outbox row for {account} in these tests");
        return rows[0];
    }

    /// <summary>The receipt service's log records about <paramref name="account"/>.</summary>
    public IReadOnlyList<CapturedLog> ReceiptLogs(string account) =>
        Logs.Records.Where(record => record.Category.StartsWith("Credits.Server.Receipts", StringComparison.Ordinal)
            && record.Values.TryGetValue("AccountId", out var value) && Equals(value, account)).ToList();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
