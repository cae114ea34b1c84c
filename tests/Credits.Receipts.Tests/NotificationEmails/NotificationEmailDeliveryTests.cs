using System.Globalization;
using Credits.Ledger;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Lots;
using Credits.Ledger.Notifications;
using Credits.Ledger.Notifications.Email;
using Credits.Ledger.Outbox;
using Credits.Receipts.Tests.Support;
using Credits.Server.Receipts;
using Credits.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Receipts.Tests.NotificationEmails;

/// <summary>
/// Issue 16, email: each notification of an account whose preferences include email is mailed once,
/// through MailKit to a real SMTP server on loopback, with the composer's text; a mail server that
/// is down delays it, a second instance or a restart does not repeat it. The test drives the
/// senders' passes itself on a clock it moves (the server's own sender stays off), so nothing waits
/// on a poll or a retry delay.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class NotificationEmailDeliveryTests(DatabaseProvider provider)
{
    private const string OutSubject = "You have run out of credits";
    private static readonly string[] LowThenOut = ["Your credits are below 20%: 20 left", OutSubject];
    private static readonly string[] ReceiptThenOut = ["Your receipt: Starter pack, 100 credits", OutSubject];
    private static readonly int[] TwiceEach = [2, 2];
    private static readonly string[] GermanLowThenOut = ["Ihre Credits liegen unter 20 %: noch 2.000", "Ihre Credits sind aufgebraucht"];

    private FakeTimeProvider _time = null!;
    private ReceiptServer _server = null!;
    private SmtpCapture _smtp = null!;

    [OneTimeSetUp]
    public async Task StartServers()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        _smtp = await SmtpCapture.StartAsync();
        _server = await ReceiptServer.StartAsync(provider, new ReceiptSettings { Time = _time });
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        await _server.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private ReceiptOptions Settings => new()
    {
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = _smtp.Port, UseTls = SmtpTls.None, Timeout = TimeSpan.FromSeconds(10) },
        From = new SenderOptions { Address = ReceiptSettings.FromAddress, Name = ReceiptSettings.FromName },
    };

    // One instance's sender, as a server builds it: its own outbox stores over the shared database and clock.
    private ReceiptOutboxService Instance()
    {
        var options = Options.Create(Settings);
        return new ReceiptOutboxService(new OutboxStore(_server.Database, _time), new NotificationMailOutbox(_server.Database, _time),
            new ReceiptSender(options), options, _time, _server.App.Services.GetRequiredService<ILogger<ReceiptOutboxService>>());
    }

    private Task PassAsync(ReceiptOutboxService? instance = null) => (instance ?? Instance()).DeliverDueAsync(Settings, CancellationToken.None);

    private static string NewAccount() => $"user:{Guid.NewGuid():N}";

    private static string NewEmail() => $"note-{Guid.NewGuid():N}@example.test";

    private static string Key() => $"key-{Guid.NewGuid():N}";

    private Task<NotificationPreferencesResult> SetPreferencesAsync(string account, NotificationChannels channels, string? address, string? locale = null) =>
        _server.Ledger.SetNotificationPreferencesAsync(new SetNotificationPreferencesCommand("test", account,
            new NotificationPreferences([20], channels) { EmailAddress = address, Locale = locale }, Key()));

    private Task<GrantResult> GrantAsync(string account, long amount, DateTimeOffset? expiresAt = null) =>
        _server.Ledger.GrantAsync(new GrantCommand("test", account, amount, Bucket.Free, expiresAt, null, "test", Key(), new Dictionary<string, string>()));

    private Task<ReserveResult> ReserveAsync(string account, long amount) =>
        _server.Ledger.ReserveAsync(new ReserveCommand("test", account, amount, null, 0, null, Key(), new Dictionary<string, string>()));

    /// <summary>100 credits, then 80 reserved (20% left: LOW_BALANCE) and the last 20 (DEPLETED).</summary>
    private async Task RunLowThenOutAsync(string account)
    {
        await GrantAsync(account, 100);
        await ReserveAsync(account, 80);
        await ReserveAsync(account, 20);
    }

    private async Task<int> NotificationMailRowsAsync(string account) =>
        (await TestSql.QueryAsync(_server.Database, "SELECT message_id FROM outbox WHERE account_id = @account AND topic = @topic",
            reader => reader.GetString(0), ("account", account), ("topic", NotificationMailOutbox.Topic))).Count;

    [Test]
    public async Task Low_balance_depleted_and_expiring_are_each_mailed_once_with_their_numbers()
    {
        var account = NewAccount();
        var email = NewEmail();
        await SetPreferencesAsync(account, NotificationChannels.Email | NotificationChannels.InApp, email);
        var expiresAt = _time.GetUtcNow().AddDays(3);
        await GrantAsync(account, 100, expiresAt);
        await ReserveAsync(account, 80);
        await ReserveAsync(account, 20);

        await PassAsync();
        _time.Advance(TimeSpan.FromHours(2));
        await PassAsync();

        var mails = _smtp.MailsTo(email).Select(mail => mail.Message).ToList();
        Assert.That(mails.Select(mail => mail.Subject), Is.EquivalentTo(LowThenOut.Append(string.Create(CultureInfo.InvariantCulture, $"100 credits expire on {expiresAt:yyyy-MM-dd HH:mm} UTC"))),
            "one mail per notification, nothing twice");
        var low = mails.Single(mail => (mail.Subject ?? "").StartsWith("Your credits are below", StringComparison.Ordinal));
        Assert.That(low.TextBody ?? "", Does.Contain("Available now:     20 credits").And.Contain("After last top-up: 100 credits")
            .And.Contain("Threshold crossed: 20%").And.Contain(account));
        var expiring = mails.Single(mail => (mail.Subject ?? "").Contains("expire", StringComparison.Ordinal));
        Assert.That(expiring.TextBody ?? "", Does.Contain("Expiring:          100 credits").And.Contain("Lost:              100 credits"));
        Assert.That(mails.Select(mail => mail.MessageId).Distinct().Count(), Is.EqualTo(3), "a Message-ID per notification");
        Assert.That(mails.Select(mail => mail.From.Mailboxes.Single().Address), Has.All.EqualTo(ReceiptSettings.FromAddress));
    }

    [Test]
    public async Task With_email_off_in_the_preferences_nothing_is_mailed()
    {
        var account = NewAccount();
        var email = NewEmail();
        await SetPreferencesAsync(account, NotificationChannels.InApp, email);
        await RunLowThenOutAsync(account);

        await PassAsync();

        Assert.That(_smtp.MailsTo(email), Is.Empty);
        Assert.That(await NotificationMailRowsAsync(account), Is.Zero, "not even queued");
    }

    [Test]
    public async Task An_email_only_user_is_mailed_though_nothing_is_listed_in_app()
    {
        var account = NewAccount();
        var email = NewEmail();
        await SetPreferencesAsync(account, NotificationChannels.Email, email);
        await RunLowThenOutAsync(account);

        await PassAsync();

        Assert.That(_smtp.MailsTo(email).Select(mail => mail.Message.Subject), Is.EquivalentTo(LowThenOut));
        Assert.That(await new NotificationInbox(_server.Database).ListAsync(account, 0, 10, unreadOnly: false), Is.Empty,
            "in-app was off when they fired");
    }

    [Test]
    public async Task Without_an_address_nothing_is_mailed_nor_queued()
    {
        var account = NewAccount();
        await SetPreferencesAsync(account, NotificationChannels.Email | NotificationChannels.InApp, null);
        await RunLowThenOutAsync(account);

        await PassAsync();

        Assert.That(await NotificationMailRowsAsync(account), Is.Zero);
    }

    [Test]
    public async Task Without_an_address_of_its_own_the_account_is_mailed_at_its_purchase_receipts_address()
    {
        var account = NewAccount();
        var email = NewEmail();
        await _server.PurchaseAsync(account, email, 100, 0, Key());
        await ReserveAsync(account, 100);

        await PassAsync();

        Assert.That(_smtp.MailsTo(email).Select(mail => mail.Message.Subject), Is.EquivalentTo(ReceiptThenOut));
    }

    [Test]
    public async Task Mails_held_up_by_a_mail_server_that_is_down_go_out_once_it_is_back_each_once()
    {
        var account = NewAccount();
        var email = NewEmail();
        await SetPreferencesAsync(account, NotificationChannels.Email | NotificationChannels.InApp, email);
        await RunLowThenOutAsync(account);
        await _smtp.StopAsync();
        try
        {
            await PassAsync();
            _time.Advance(TimeSpan.FromMinutes(5));
            await PassAsync();
        }
        finally
        {
            await _smtp.StartAsync();
        }
        var attempts = await TestSql.QueryAsync(_server.Database,
            "SELECT attempts FROM outbox WHERE account_id = @account AND topic = @topic AND sent_at_ms IS NULL",
            reader => Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture),
            ("account", account), ("topic", NotificationMailOutbox.Topic));
        Assert.That(attempts, Is.EqualTo(TwiceEach), "both kept, each tried twice while the server was down");

        _time.Advance(TimeSpan.FromMinutes(5));
        await PassAsync();
        _time.Advance(TimeSpan.FromHours(2));
        await PassAsync();

        Assert.That(_smtp.MailsTo(email).Select(mail => mail.Message.Subject), Is.EquivalentTo(LowThenOut));
    }

    [Test]
    public async Task A_second_instance_or_a_restart_does_not_mail_again_and_a_resend_after_a_crash_is_the_same_mail()
    {
        var account = NewAccount();
        var email = NewEmail();
        await SetPreferencesAsync(account, NotificationChannels.Email | NotificationChannels.InApp, email);
        await GrantAsync(account, 100);
        await ReserveAsync(account, 100);
        var first = Instance();
        var second = Instance();

        await Task.WhenAll(PassAsync(first), PassAsync(second));
        _time.Advance(OutboxStore.ClaimLease + TimeSpan.FromMinutes(1));
        await Task.WhenAll(PassAsync(first), PassAsync(second), PassAsync());
        Assert.That(_smtp.MailsTo(email), Has.Count.EqualTo(1), "two instances and a restarted one: one mail");

        // A crash between the send and its mark: the row is still due, so it goes again, as the same mail.
        await TestSql.ExecuteAsync(_server.Database,
            "UPDATE outbox SET sent_at_ms = NULL, next_attempt_at_ms = 0 WHERE account_id = @account AND topic = @topic",
            ("account", account), ("topic", NotificationMailOutbox.Topic));
        await PassAsync();

        var mails = _smtp.MailsTo(email);
        Assert.That(mails, Has.Count.EqualTo(2));
        Assert.That(mails[1].Message.MessageId, Is.EqualTo(mails[0].Message.MessageId), "a receiver drops the repeat by its Message-ID");
    }

    [Test]
    public async Task The_email_carries_the_same_suggested_pack_and_link_as_the_list()
    {
        var notifications = _server.App.Services.GetRequiredService<IOptions<LedgerOptions>>().Value.Notifications;
        notifications.Packs = [new SuggestablePack("small", 400), new SuggestablePack("large", 3000)];
        notifications.PurchaseUrl = "https://shop.example/buy";
        var account = NewAccount();
        var email = NewEmail();
        await SetPreferencesAsync(account, NotificationChannels.Email | NotificationChannels.InApp, email);
        await GrantAsync(account, 100);
        try
        {
            for (var day = 0; day < 8; day++)
            {
                _time.Advance(TimeSpan.FromDays(1));
                var hold = await ReserveAsync(account, 10);
                await _server.Ledger.CommitAsync(new CommitCommand("test", hold.HoldId, null, new Dictionary<string, string>()));
            }
        }
        finally
        {
            notifications.Packs = [];
            notifications.PurchaseUrl = "";
        }

        await PassAsync();

        var listed = (await new NotificationInbox(_server.Database).ListAsync(account, 0, 10, unreadOnly: false)).Single(note => note.Kind == NotificationKind.LowBalance);
        Assert.That((listed.SuggestedPackId, listed.PurchaseUrl), Is.EqualTo(("small", "https://shop.example/buy?pack=small")), "10 a day: 300 in 30 days");
        var mail = _smtp.MailsTo(email).Select(mail => mail.Message).Single(mail => (mail.Subject ?? "").StartsWith("Your credits are below", StringComparison.Ordinal));
        Assert.That(mail.TextBody, Does.Contain($"Suggested pack: {listed.SuggestedPackId}, buy it at {listed.PurchaseUrl}"));
        Assert.That(mail.HtmlBody, Does.Contain($"<p>Suggested pack: {listed.SuggestedPackId}, buy it at "));
    }

    [Test]
    public async Task An_HTML_mail_without_a_suggested_pack_has_no_empty_paragraph()
    {
        var account = NewAccount();
        var email = NewEmail();
        await SetPreferencesAsync(account, NotificationChannels.Email, email);
        await RunLowThenOutAsync(account);

        await PassAsync();

        var mails = _smtp.MailsTo(email).Select(mail => mail.Message).ToList();
        Assert.That(mails.Select(mail => mail.Subject), Is.EquivalentTo(LowThenOut));
        foreach (var mail in mails)
        {
            Assert.That(mail.HtmlBody, Does.Contain("</html>").And.Not.Contain("<p></p>"), mail.Subject);
        }
    }

    [Test]
    public async Task A_German_account_is_mailed_in_German_with_German_numbers_and_dates()
    {
        var account = NewAccount();
        var email = NewEmail();
        await SetPreferencesAsync(account, NotificationChannels.Email, email, "de-AT");
        await GrantAsync(account, 10_000);
        await ReserveAsync(account, 8_000);
        await ReserveAsync(account, 2_000);

        await PassAsync();

        var mails = _smtp.MailsTo(email).Select(mail => mail.Message).ToList();
        Assert.That(mails.Select(mail => mail.Subject), Is.EquivalentTo(GermanLowThenOut));
        var low = mails.Single(mail => (mail.Subject ?? "").StartsWith("Ihre Credits liegen", StringComparison.Ordinal));
        var date = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow().Day}. März 2026, {_time.GetUtcNow():HH:mm} UTC");
        Assert.That(low.TextBody ?? "", Does.Contain("Nach letzter Aufladung: 10.000 Credits").And.Contain("Datum:                " + date));
        Assert.That(low.HtmlBody ?? "", Does.Contain("<html lang=\"de\">").And.Contain("<strong>2.000</strong> Credits"));
    }

    [TestCase("fr")]
    [TestCase(null)]
    public async Task An_account_in_a_language_without_templates_or_with_none_is_mailed_in_English(string? locale)
    {
        var account = NewAccount();
        var email = NewEmail();
        await SetPreferencesAsync(account, NotificationChannels.Email, email, locale);
        await RunLowThenOutAsync(account);

        await PassAsync();

        Assert.That(_smtp.MailsTo(email).Select(mail => mail.Message.Subject), Is.EquivalentTo(LowThenOut));
    }
}
