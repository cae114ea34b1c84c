using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Notifications;

/// <summary>
/// Issue 16, email: the notification email address through a real server and the generated
/// client: set, read back, cleared with empty, and refused with INVALID_EMAIL_ADDRESS naming the field.
/// </summary>
public sealed class NotificationEmailRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private Task<UpdateNotificationPreferencesResponse> Update(string account, string address) =>
        Writer.NotificationsRaw.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
        {
            AccountId = account,
            Preferences = new NotificationPreferences { LowBalanceThresholds = { 20 }, InApp = true, Email = true, EmailAddress = address },
            IdempotencyKey = NewKey(),
        }).ResponseAsync;

    [Test]
    public async Task The_address_is_set_read_back_and_cleared_and_a_bad_one_is_INVALID_EMAIL_ADDRESS_changing_nothing()
    {
        var account = NewAccount();

        var set = await Update(account, "ada@example.com");
        var bad = await RpcFailure(() => Update(account, "ada@example.com\nBcc: eve@example.com"));
        var kept = await Writer.GetNotificationPreferencesAsync(account);
        await Update(account, "");

        Assert.That(set.Preferences.EmailAddress, Is.EqualTo("ada@example.com"));
        Assert.That((bad.StatusCode, ErrorInfoOf(bad).Reason, ErrorInfoOf(bad).Metadata["field"]),
            Is.EqualTo((StatusCode.InvalidArgument, "INVALID_EMAIL_ADDRESS", "preferences.email_address")));
        Assert.That(BadRequestOf(bad)?.FieldViolations.Single().Field, Is.EqualTo("preferences.email_address"));
        Assert.That(kept.EmailAddress, Is.EqualTo("ada@example.com"), "the refused update changed nothing");
        Assert.That((await Writer.GetNotificationPreferencesAsync(account)).EmailAddress, Is.Empty);
    }
}
