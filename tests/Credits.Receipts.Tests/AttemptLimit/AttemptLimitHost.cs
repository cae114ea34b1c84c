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
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
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

    private readonly Action _drop;

    private AttemptLimitHost(WebApplication app, FakeTimeProvider time, LedgerDatabase database, LogCapture logs, Action drop)
    {
        App = app;
        Time = time;
        Database = database;
        Logs = logs;
        _drop = drop;
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public LedgerDatabase Database { get; }

    public LogCapture Logs { get; }

    public OutboxStore Outbox => App.Services.GetRequiredService<OutboxStore>();

    /// <summary>The server's configuration: receipts to 127.0.0.1:<paramref name="smtpPort"/> with <paramref name="maxAttempts"/> (as text, so a test can pass anything).</summary>
    public static Dictionary<string, string?> Configuration(LedgerDatabase database, int smtpPort, string maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            // The throwaway PostgreSQL of tests/run.sh runs with fsync off.
            ["Database:UnsafeDurability"] = "Warn",
            // Outside Development the server refuses to start without a key; these tests make no gRPC call.
            ["Auth:ApiKeys:0:Name"] = "receipts-test",
            ["Auth:ApiKeys:0:Sha256"] = "5b147747697a23a465fec538b8b51c0faaa5bdffa3459474cb874dd877894fb3",
            ["Auth:ApiKeys:0:Scopes:0"] = "ledger:read",
            ["Ledger:SweepInterval"] = "1.00:00:00",
            ["Receipts:Smtp:Host"] = "127.0.0.1",
            ["Receipts:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Receipts:Smtp:UseTls"] = "None",
            ["Receipts:Smtp:Timeout"] = "00:00:05",
            ["Receipts:From:Address"] = ReceiptSettings.FromAddress,
            ["Receipts:From:Name"] = ReceiptSettings.FromName,
            ["Receipts:MaxAttempts"] = maxAttempts,
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Credits.Server.Receipts"] = "Information",
            ["Logging:Console:LogLevel:Default"] = "Error",
            // The dead receipts these tests provoke are logged at Error on purpose; keep them off the console.
            ["Logging:Console:LogLevel:Credits.Server.Receipts"] = "None",
        };
    }

    /// <summary>Builds the server (not started) on a fresh database; <paramref name="drop"/> removes the database.</summary>
    public static WebApplication Build(DatabaseProvider provider, int smtpPort, string maxAttempts, FakeTimeProvider time, LogCapture logs,
        out LedgerDatabase database, out Action drop)
    {
        database = TestDatabases.Create(provider, out drop);
        var configuration = Configuration(database, smtpPort, maxAttempts);
        return Credits.Server.ServerHost.Build(["--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.AddProvider(logs);
            builder.Services.AddSingleton<TimeProvider>(time);
        });
    }

    public static async Task<AttemptLimitHost> StartAsync(DatabaseProvider provider, int smtpPort, int maxAttempts)
    {
        var time = new FakeTimeProvider(Start);
        var logs = new LogCapture();
        var app = Build(provider, smtpPort, maxAttempts.ToString(CultureInfo.InvariantCulture), time, logs, out var database, out var drop);
        try
        {
            await app.StartAsync();
            return new AttemptLimitHost(app, time, database, logs, drop);
        }
        catch
        {
            await app.DisposeAsync();
            drop();
            throw;
        }
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await App.StopAsync(stopping.Token);
            await App.DisposeAsync();
        }
        finally
        {
            _drop();
        }
    }
}
