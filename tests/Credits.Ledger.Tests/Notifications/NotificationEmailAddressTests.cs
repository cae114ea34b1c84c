using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Notifications;
using Credits.Ledger.Notifications.Email;
using Credits.Ledger.Outbox;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Notifications;

/// <summary>
/// Issue 16, email: the address notification emails go to is a preference, checked before it is
/// stored and kept by every other change; the mail outbox copies each notification of an account
/// with email on and an address once, whatever the passes or instances.
/// </summary>
public sealed class NotificationEmailAddressTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private const NotificationChannels EmailAndInApp = NotificationChannels.Email | NotificationChannels.InApp;

    private NotificationInbox Inbox => new(Ledger.Database);

    private NotificationMailOutbox MailOutbox => new(Ledger.Database, Ledger.Time);

    private Task<NotificationPreferencesResult> SetPreferences(string account, NotificationPreferences preferences, string? key = null) =>
        Ledger.Ledger.SetNotificationPreferencesAsync(new SetNotificationPreferencesCommand(LedgerHarness.Caller, account, preferences, key ?? Ledger.NewKey()));

    private static NotificationPreferences WithAddress(string? address, NotificationChannels channels = EmailAndInApp) =>
        new([20], channels) { EmailAddress = address };

    [Test]
    public async Task The_address_is_stored_returned_and_kept_by_the_changes_that_follow()
    {
        var set = await SetPreferences("user:mail", WithAddress("ada@example.com"));
        await Ledger.Grant("user:mail", 100);
        await Ledger.Reserve("user:mail", 85);

        Assert.That(set.Preferences.EmailAddress, Is.EqualTo("ada@example.com"));
        Assert.That((await Inbox.GetPreferencesAsync("user:mail")).EmailAddress, Is.EqualTo("ada@example.com"), "a grant and a reserve leave it");

        await SetPreferences("user:mail", WithAddress(""));
        Assert.That((await Inbox.GetPreferencesAsync("user:mail")).EmailAddress, Is.Null, "replaced like every preference: empty clears it");
    }

    [Test]
    public async Task A_retry_returns_the_first_answer_and_another_address_under_the_same_key_is_a_reused_key()
    {
        var key = Ledger.NewKey();
        var first = await SetPreferences("user:retry", WithAddress("one@example.com"), key);
        var retry = await SetPreferences("user:retry", WithAddress("one@example.com"), key);
        var other = await Fails(() => SetPreferences("user:retry", WithAddress("two@example.com"), key));

        Assert.That(retry, Is.EqualTo(first));
        Assert.That(other.Kind, Is.EqualTo(LedgerErrorKind.IdempotencyKeyReused));
        Assert.That((await Inbox.GetPreferencesAsync("user:retry")).EmailAddress, Is.EqualTo("one@example.com"));
    }

    private static readonly string Longest = new string('a', 254 - "@example.com".Length) + "@example.com";

    private static readonly string[] NotOneBareAddress =
    [
        "no-at-sign.example.com", "two@at@example.com", "@example.com", "ada@", "ada@example.com\r\nBcc: eve@example.com",
        "ada\u0000@example.com", "Ada <ada@example.com>", "ada lovelace@example.com", "a" + Longest,
    ];

    [Test]
    public async Task An_address_that_is_not_one_bare_address_of_at_most_254_characters_is_INVALID_EMAIL_ADDRESS_and_changes_nothing()
    {
        await SetPreferences("user:bad-mail", WithAddress(Longest));

        foreach (var bad in NotOneBareAddress)
        {
            var error = await Fails(() => SetPreferences("user:bad-mail", WithAddress(bad, NotificationChannels.Email)));
            Assert.That((error.Kind, error.Error.Field), Is.EqualTo((LedgerErrorKind.InvalidEmailAddress, "preferences.email_address")), bad);
        }
        Assert.That(await Inbox.GetPreferencesAsync("user:bad-mail"), Is.EqualTo(WithAddress(Longest)), "254 characters are accepted; nothing changed since");
    }

    [Test]
    public async Task Concurrent_passes_copy_each_notification_of_an_account_with_email_and_an_address_once()
    {
        await MailOutbox.EnqueueAsync(100);    // the first pass sets the cursor: what follows is new
        await SetPreferences("user:to-mail", WithAddress("ada@example.com"));
        await SetPreferences("user:no-email", WithAddress("bob@example.com", NotificationChannels.InApp));
        await SetPreferences("user:no-address", WithAddress(null));
        foreach (var account in new[] { "user:to-mail", "user:no-email", "user:no-address" })
        {
            await Ledger.Grant(account, 100);
            await Ledger.Reserve(account, 85);
            await Ledger.Reserve(account, 15);
        }

        var added = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => MailOutbox.EnqueueAsync(100))));
        var again = await MailOutbox.EnqueueAsync(100);

        Assert.That((added.Sum(), again), Is.EqualTo((2, 0)), "LOW_BALANCE and DEPLETED of user:to-mail, once");
        var queued = await new OutboxStore(Ledger.Database, Ledger.Time).FetchDueAsync(NotificationMailOutbox.Topic, 10);
        Assert.That(queued.Select(message => (message.AccountId, message.MessageId)),
            Is.EquivalentTo(new[] { ("user:to-mail", "notification/1"), ("user:to-mail", "notification/2") }));
        var read = await MailOutbox.ReadAsync(queued[0]);
        Assert.That(read?.Address, Is.EqualTo("ada@example.com"));
        Assert.That(read?.Notification.AccountId, Is.EqualTo("user:to-mail"));
    }
}
