using System.Text.Json;
using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.V1;

namespace Credits.Cli.Tests.Notifications;

/// <summary>
/// <c>credits notifications list|read|prefs</c>: what support sees of an account's notifications,
/// marking them read, and the preferences shown or changed (only what is given changes).
/// </summary>
public sealed class NotificationsCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    private static readonly string[] OnlySecond = ["2"];
    private static readonly string[] Defaults = ["thresholds  20%, 10%, 5%", "in-app      on", "email       on", "webhook     off", "email to    (receipts' address)"];
    private static readonly string[] Changed = ["thresholds  50%, 25%", "in-app      on", "email       off", "webhook     off", "email to    (receipts' address)"];
    private static readonly int[] ChangedThresholds = [50, 25];
    private static readonly int[] DefaultThresholds = [20, 10, 5];

    private async Task<string> RunDownAsync()
    {
        var account = NewAccount();
        await Grant(account, 100, $"g-{Guid.NewGuid():N}");
        foreach (var amount in new long[] { 80, 11 })
        {
            var hold = await Client.ReserveAsync(new ReserveRequest { AccountId = account, Amount = amount, IdempotencyKey = $"r-{Guid.NewGuid():N}" });
            await Client.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
        }
        return account;
    }

    [Test]
    public async Task List_shows_each_notification_with_its_threshold_and_balance_and_read_marks_them()
    {
        var account = await RunDownAsync();

        var before = await Credits("notifications", "list", account);
        var read = await Credits("notifications", "read", account, "--up-to", "1");
        var unread = await Credits("notifications", "list", account, "--unread", "--json");

        Assert.That(before.ExitCode, Is.Zero, before.ToString());
        Assert.That(before.OutLines[0], Does.Match("^seq +time +kind +threshold +balance +state +pack$"));
        Assert.That(before.OutLines[1], Does.Match(@"^1 +\S+Z +low_balance +20% +20 of 100 +unread$"));
        Assert.That(before.OutLines[2], Does.Match(@"^2 +\S+Z +low_balance +10% +9 of 100 +unread$"));
        Assert.That(read.Out, Is.EqualTo("marked 1 read\n"));
        Assert.That(unread.OutLines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("sequence").GetString()), Is.EqualTo(OnlySecond));
    }

    [Test]
    public async Task Prefs_shows_the_defaults_and_changes_only_what_is_given()
    {
        var account = NewAccount();

        var shown = await Credits("notifications", "prefs", account);
        var changed = await Credits("notifications", "prefs", account, "--thresholds", "50,25", "--email", "off");

        Assert.That(shown.OutLines, Is.EqualTo(Defaults));
        Assert.That(changed.ExitCode, Is.Zero, changed.ToString());
        Assert.That(changed.OutLines, Is.EqualTo(Changed));
        var stored = await Client.GetNotificationPreferencesAsync(account);
        Assert.That((stored.LowBalanceThresholds, stored.Email, stored.InApp), Is.EqualTo((ChangedThresholds, false, true)));
    }

    [Test]
    public async Task A_threshold_out_of_range_is_refused_with_the_servers_reason_and_changes_nothing()
    {
        var account = NewAccount();

        var result = await Credits("notifications", "prefs", account, "--thresholds", "150");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Error, Does.Contain("INVALID_REQUEST"));
        Assert.That((await Client.GetNotificationPreferencesAsync(account)).LowBalanceThresholds, Is.EqualTo(DefaultThresholds));
    }

    [Test]
    public async Task Prefs_sets_the_email_address_keeps_it_through_other_changes_and_refuses_a_bad_one()
    {
        var account = NewAccount();

        var set = await Credits("notifications", "prefs", account, "--email-address", "ada@example.com");
        var other = await Credits("notifications", "prefs", account, "--webhook", "on");
        var bad = await Credits("notifications", "prefs", account, "--email-address", "ada@example.com, eve@example.com");
        var kept = (await Client.GetNotificationPreferencesAsync(account)).EmailAddress;
        var cleared = await Credits("notifications", "prefs", account, "--email-address", "none");

        Assert.That(set.ExitCode, Is.Zero, set.ToString());
        Assert.That(set.OutLines[^1], Is.EqualTo("email to    ada@example.com"));
        Assert.That(other.OutLines[^1], Is.EqualTo("email to    ada@example.com"), "changing another preference keeps it");
        Assert.That((bad.ExitCode, kept), Is.EqualTo((3, "ada@example.com")), bad.ToString());
        Assert.That(bad.Error, Does.Contain("INVALID_EMAIL_ADDRESS"));
        Assert.That(cleared.OutLines[^1], Is.EqualTo("email to    (receipts' address)"));
    }

    [Test]
    public async Task A_threshold_that_is_not_a_number_is_a_usage_error()
    {
        var result = await Credits("notifications", "prefs", NewAccount(), "--thresholds", "20,ten");

        Assert.That((result.ExitCode, result.Error), Is.EqualTo((2, "error: USAGE: --thresholds: '20,ten' is not a list of whole percents (e.g. 20,10,5, or none).\nRun 'credits --help' for usage.\n")));
    }
}
