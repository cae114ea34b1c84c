using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Credits.Ledger;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Outbox;
using Credits.Receipts.Tests.Support;
using Credits.Testing;
using Credits.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Credits.Receipts.Tests.AttemptLimit;

/// <summary>One outbox row as stored: how often it was tried, and whether it was sent or given up.</summary>
public sealed record OutboxState(int Attempts, long? SentAtMs, long? DeadAtMs, string? LastError);

/// <summary>
/// The real server (<see cref="Credits.Server.ServerHost.Build"/>) on a throwaway database, sending
/// receipts to a capture SMTP server, on a clock the test moves: the receipt service polls on it
/// and the outbox schedules retries by it, so a test can let hours and days pass between attempts.
/// Retry delays are the production defaults (1 minute doubling to 1 hour).
/// </summary>
public sealed class AttemptLimitHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestServerHost _host;

    private AttemptLimitHost(TestServerHost host, LogCapture logs)
    {
        _host = host;
        Logs = logs;
    }

    public WebApplication App => _host.App;

    public FakeTimeProvider Time => _host.Time!;

    public LedgerDatabase Database => _host.Database;

    public LogCapture Logs { get; }

    public OutboxStore Outbox => App.Services.GetRequiredService<OutboxStore>();

    /// <summary>The server: receipts to 127.0.0.1:<paramref name="smtpPort"/> with <paramref name="maxAttempts"/> (as text, so a test can pass anything).</summary>
    public static TestServerOptions Options(int smtpPort, string maxAttempts, FakeTimeProvider time, LogCapture logs) => new()
    {
        Time = time,
        // Outside Development the server refuses to start without a key; these tests make no gRPC call.
        ApiKeys = [new("receipts-test", "5b147747697a23a465fec538b8b51c0faaa5bdffa3459474cb874dd877894fb3", "ledger:read")],
        Logging = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Credits.Server.Receipts"] = "Information",
            ["Logging:Console:LogLevel:Default"] = "Error",
            // The dead receipts these tests provoke are logged at Error on purpose; keep them off the console.
            ["Logging:Console:LogLevel:Credits.Server.Receipts"] = "None",
        },
        Configuration = new Dictionary<string, string?>
        {
            ["Ledger:SweepInterval"] = "1.00:00:00",
            ["Receipts:Smtp:Host"] = "127.0.0.1",
            ["Receipts:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Receipts:Smtp:UseTls"] = "None",
            ["Receipts:Smtp:Timeout"] = "00:00:05",
            ["Receipts:From:Address"] = ReceiptSettings.FromAddress,
            ["Receipts:From:Name"] = ReceiptSettings.FromName,
            ["Receipts:MaxAttempts"] = maxAttempts,
        },
        Configure = builder => builder.Logging.AddProvider(logs),
    };

    public static async Task<AttemptLimitHost> StartAsync(DatabaseProvider provider, int smtpPort, int maxAttempts)
    {
        var logs = new LogCapture();
        var options = Options(smtpPort, maxAttempts.ToString(CultureInfo.InvariantCulture), new FakeTimeProvider(Start), logs);
        return new AttemptLimitHost(await TestServerHost.StartAsync(provider, options), logs);
    }

    /// <summary>A purchase as the Stripe webhook records it: a grant carrying a <c>receipt.purchase</c> message to <paramref name="email"/>.</summary>
    public Task<GrantResult> PurchaseAsync(string account, string email, long credits)
    {
        var sessionId = "cs_test_" + Guid.NewGuid().ToString("N");
        var payload = new Dictionary<string, object?>
        {
            ["email"] = email,
            ["accountId"] = account,
            ["packId"] = "starter",
            ["packName"] = "Starter pack",
            ["credits"] = credits,
            ["bonusCredits"] = 0,
            ["sessionId"] = sessionId,
            ["amountTotal"] = 999,
            ["currency"] = "usd",
        };
        var command = new GrantCommand(ReceiptServer.Actor, account, credits, Bucket.Purchased, null, null, sessionId,
            "key-" + Guid.NewGuid().ToString("N"), new Dictionary<string, string>())
        {
            Notification = new OutboxMessage("receipt.purchase", JsonSerializer.Serialize(payload)),
        };
        return App.Services.GetRequiredService<CreditLedger>().GrantAsync(command);
    }

    /// <summary>The account's one outbox row, read from the table.</summary>
    public async Task<OutboxState> OutboxRowAsync(string account)
    {
        await using DbConnection connection = Database.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(Database.ConnectionString)
            : new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT attempts, sent_at_ms, dead_at_ms, last_error FROM outbox WHERE account_id = @account";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "account";
        parameter.Value = account;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, $"an outbox row for {account}");
        var state = new OutboxState(
            Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture),
            reader.IsDBNull(1) ? null : reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetString(3));
        Assert.That(await reader.ReadAsync(), Is.False, "one outbox row per account in these tests");
        return state;
    }

    /// <summary>The receipt service's log records about <paramref name="account"/>.</summary>
    public IReadOnlyList<CapturedLog> ReceiptLogs(string account) =>
        Logs.Records.Where(record => record.Category.StartsWith("Credits.Server.Receipts", StringComparison.Ordinal)
            && record.Values.TryGetValue("AccountId", out var value) && Equals(value, account)).ToList();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
