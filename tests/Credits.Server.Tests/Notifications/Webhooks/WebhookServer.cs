using System.Globalization;
using Credits.Client;
using Credits.Ledger.Data;
using Credits.Ledger.Notifications.Webhooks;
using Credits.Server.Tests.Support;
using Credits.Testing.Hosting;
using Credits.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.Server.Tests.Notifications.Webhooks;

/// <summary>
/// The real server on the real clock (receivers check the signature's timestamp against theirs),
/// with one notification endpoint, <c>product</c>, at <paramref name="receiver"/> and short poll
/// and retry delays, so a test waits at most a few seconds for a retry.
/// </summary>
internal sealed class WebhookServer(TestServerHost host) : IAsyncDisposable
{
    public const string Endpoint = "product";

    public CreditsClient Writer { get; } = new(host.Channel.CreateCallInvoker(), TestKeys.Writer);

    public CreditsClient Admin { get; } = new(host.Channel.CreateCallInvoker(), TestKeys.Admin);

    public WebhookOutbox Outbox => host.App.Services.GetRequiredService<WebhookOutbox>();

    /// <summary>
    /// Starts the server; <paramref name="clock"/> replaces the real clock (the ledger and the
    /// dispatcher both read it), <paramref name="configuration"/> adds settings (a pack catalogue).
    /// </summary>
    public static async Task<WebhookServer> StartAsync(DatabaseProvider provider, WebhookReceiver receiver, int maxAttempts,
        TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? configuration = null) =>
        new(await TestServerHost.StartAsync(provider, new TestServerOptions
        {
            ApiKeys =
            [
                new(TestKeys.WriterName, TestKeys.WriterSha256, TestKeys.ScopeRead, TestKeys.ScopeWrite),
                new(TestKeys.AdminName, TestKeys.AdminSha256, TestKeys.ScopeAdmin),
            ],
            Configuration = new Dictionary<string, string?>
            {
                [$"NotificationWebhooks:Endpoints:{Endpoint}:Url"] = receiver.Hook.ToString(),
                [$"NotificationWebhooks:Endpoints:{Endpoint}:Secret"] = WebhookReceiver.Secret,
                ["NotificationWebhooks:PollInterval"] = "00:00:00.100",
                ["NotificationWebhooks:RetryDelay"] = "00:00:00.100",
                ["NotificationWebhooks:RetryDelayMax"] = "00:00:00.400",
                ["NotificationWebhooks:Timeout"] = "00:00:02",
                ["NotificationWebhooks:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture),
            }.Concat(configuration ?? new Dictionary<string, string?>()).ToDictionary(),
            Configure = clock is null ? null : builder => builder.Services.AddSingleton(clock),
        }));

    /// <summary>A new account with 100 credits whose preferences include webhooks (or not), then a spend to 20: one LOW_BALANCE notification (sequence 1).</summary>
    public async Task<string> AccountAtTwentyPercentAsync(bool webhook = true)
    {
        var account = $"user:{Guid.NewGuid():N}";
        await Writer.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
        {
            AccountId = account,
            Preferences = new NotificationPreferences { LowBalanceThresholds = { 20, 10, 5 }, InApp = true, Webhook = webhook },
            IdempotencyKey = Guid.NewGuid().ToString("N"),
        });
        await Writer.GrantAsync(new GrantRequest
        {
            AccountId = account, Amount = 100, Bucket = Bucket.Purchased, Reference = "test", IdempotencyKey = Guid.NewGuid().ToString("N"),
        });
        await SpendAsync(account, 80);
        return account;
    }

    /// <summary>Reserves and commits <paramref name="amount"/>.</summary>
    public async Task SpendAsync(string account, long amount)
    {
        var hold = await Writer.ReserveAsync(new ReserveRequest { AccountId = account, Amount = amount, IdempotencyKey = Guid.NewGuid().ToString("N") });
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
