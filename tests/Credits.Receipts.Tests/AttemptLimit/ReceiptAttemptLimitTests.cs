using System.Globalization;
using Credits.Ledger.Data;
using Credits.Receipts.Tests.Support;
using Credits.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Receipts.Tests.AttemptLimit;

/// <summary>
/// Receipts:MaxAttempts: a receipt the mail server keeps refusing (a temporary 451 at RCPT, from the
/// real capture SMTP server) is tried exactly that many times, then marked dead and left alone however
/// much time passes; one accepted on a later attempt is sent once. The clock is the test's, so the
/// hourly retries of production delays take no real time.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ReceiptAttemptLimitTests(DatabaseProvider provider)
{
    private const int MaxAttempts = 3;

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Past the longest retry delay (1 hour by default) and the poll interval: one step makes a failed receipt due again.</summary>
    private static readonly TimeSpan RetryStep = TimeSpan.FromHours(2);

    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(10);

    private SmtpCapture Smtp { get; set; } = null!;

    private ReceiptServer Host { get; set; } = null!;

    [OneTimeSetUp]
    public async Task StartServers()
    {
        Smtp = await SmtpCapture.StartAsync();
        Host = await ReceiptServer.StartAsync(provider, new ReceiptSettings
        {
            SmtpPort = Smtp.Port,
            MaxAttempts = MaxAttempts.ToString(CultureInfo.InvariantCulture),
            Time = new FakeTimeProvider(Start),
        });
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
    }

    [Test]
    public async Task A_receipt_that_keeps_failing_is_tried_max_attempts_times_then_dead_and_never_tried_again()
    {
        var account = NewAccount();
        var email = $"tempfail-{Guid.NewGuid():N}@example.test";
        var grant = await Host.PurchaseAsync(account, email, 10, bonusCredits: 0, key: NewKey());

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            await NextAttemptAsync(account, email, attempt);
        }
        await Eventually.True(async () => (await Host.OutboxRowAsync(account)).DeadAtMs is not null, "the receipt marked dead");
        var deadAt = (await Host.OutboxRowAsync(account)).DeadAtMs;

        // Days pass; each step ends with a later receipt delivered, so a pass ran that would have
        // claimed the dead one first (oldest first) were it still due.
        for (var step = 0; step < 3; step++)
        {
            await TimePassesWithADeliveryAsync(TimeSpan.FromDays(10));
        }

        var row = await Host.OutboxRowAsync(account);
        var logs = Host.ReceiptLogs(account);
        var dead = logs.Where(record => record.Level == LogLevel.Error).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(grant.Balance.Available, Is.EqualTo(10), "the grant stands");
            Assert.That(Refusals(email), Is.EqualTo(MaxAttempts), "attempts that reached the mail server");
            Assert.That(Smtp.MailsTo(email), Is.Empty);
            Assert.That(row.Attempts, Is.EqualTo(MaxAttempts));
            Assert.That(row.DeadAtMs, Is.EqualTo(deadAt), "marked dead once");
            Assert.That(row.SentAtMs, Is.Null, "dead is not sent");
            Assert.That(row.LastError, Does.StartWith("SmtpCommandException"), "the last error is kept for an operator");
            Assert.That(logs.Count(record => record.Level == LogLevel.Warning), Is.EqualTo(MaxAttempts - 1), "one warning per retried failure");
            Assert.That(dead, Has.Count.EqualTo(1), "logged once at Error");
        });
        Assert.Multiple(() =>
        {
            Assert.That(dead[0].Values["OutboxMessageId"], Is.InstanceOf<string>().And.Not.Empty);
            Assert.That(dead[0].Values["Attempt"], Is.EqualTo(MaxAttempts));
            Assert.That(dead[0].Values["Error"], Does.Contain("451"), "the last error");
            Assert.That(dead[0].Message, Does.Contain(account).And.Not.Contain(email), "the account, never the address");
        });
        var due = await Host.Outbox.FetchDueAsync("receipt.purchase", 1000);
        Assert.That(due.Select(message => message.AccountId), Does.Not.Contain(account));
    }

    [Test]
    public async Task A_receipt_accepted_on_a_later_attempt_is_sent_once()
    {
        var account = NewAccount();
        // Refused twice, accepted at the third attempt: the last one Receipts:MaxAttempts allows.
        var email = $"tempfail{MaxAttempts - 1}-{Guid.NewGuid():N}@example.test";
        await Host.PurchaseAsync(account, email, 10, bonusCredits: 0, key: NewKey());

        for (var attempt = 1; attempt < MaxAttempts; attempt++)
        {
            await NextAttemptAsync(account, email, attempt);
        }
        Host.Time.Advance(RetryStep);
        var mails = await Smtp.WaitForMailsToAsync(email, 1, MailTimeout);
        Assert.That(mails, Has.Count.EqualTo(1), "sent at the last allowed attempt");
        await Eventually.True(async () => (await Host.OutboxRowAsync(account)).SentAtMs is not null, "the receipt marked sent");
        for (var step = 0; step < 2; step++)
        {
            await TimePassesWithADeliveryAsync(TimeSpan.FromDays(3));
        }

        var row = await Host.OutboxRowAsync(account);
        var logs = Host.ReceiptLogs(account);
        Assert.Multiple(() =>
        {
            Assert.That(Smtp.MailsTo(email), Has.Count.EqualTo(1), "sent once");
            Assert.That(Refusals(email), Is.EqualTo(MaxAttempts - 1));
            Assert.That(row.Attempts, Is.EqualTo(MaxAttempts));
            Assert.That(row.DeadAtMs, Is.Null, "not dead");
            Assert.That(logs.Where(record => record.Level == LogLevel.Error), Is.Empty);
            Assert.That(logs.Single(record => record.Level == LogLevel.Information).Values["Attempt"], Is.EqualTo(MaxAttempts));
        });
    }

    /// <summary>Moves the clock past the retry delay and waits until attempt number <paramref name="attempt"/> was refused and recorded.</summary>
    private async Task NextAttemptAsync(string account, string email, int attempt)
    {
        Host.Time.Advance(RetryStep);
        await Eventually.True(() => Refusals(email) == attempt, $"attempt {attempt} reaching the mail server");
        // Wait for the outbox row too, so the next step moves the clock only after this failure
        // scheduled its retry (by the clock before the step).
        await Eventually.True(async () => (await Host.OutboxRowAsync(account)).Attempts == attempt, $"attempt {attempt} recorded");
    }

    /// <summary>Writes a receipt to a fresh address, moves the clock by <paramref name="step"/> and waits until that receipt arrived.</summary>
    private async Task TimePassesWithADeliveryAsync(TimeSpan step)
    {
        var probe = NewAccount();
        var probeEmail = $"probe-{Guid.NewGuid():N}@example.test";
        await Host.PurchaseAsync(probe, probeEmail, 1, bonusCredits: 0, key: NewKey());
        Host.Time.Advance(step);
        var mails = await Smtp.WaitForMailsToAsync(probeEmail, 1, MailTimeout);
        Assert.That(mails, Has.Count.EqualTo(1), "a pass ran after the clock moved");
    }

    /// <summary>How many times the capture server refused <paramref name="email"/> (one .refused file each).</summary>
    private int Refusals(string email) =>
        Directory.GetFiles(Smtp.Directory, "*.refused").Count(file => string.Equals(File.ReadAllText(file), email, StringComparison.OrdinalIgnoreCase));

    private static string NewAccount() => $"user:{Guid.NewGuid():N}";

    private static string NewKey() => "key-" + Guid.NewGuid().ToString("N");
}
