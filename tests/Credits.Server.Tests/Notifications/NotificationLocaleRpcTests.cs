using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Notifications;

/// <summary>
/// Issue 16, locale: the account's locale kept with its notification preferences, through a real
/// server and the generated client: set, read back, cleared with empty, and a tag that is not BCP 47
/// refused with INVALID_ARGUMENT naming the field, changing nothing.
/// </summary>
public sealed class NotificationLocaleRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private Task<UpdateNotificationPreferencesResponse> Update(string account, string locale) =>
        Writer.NotificationsRaw.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
        {
            AccountId = account,
            Preferences = new NotificationPreferences { LowBalanceThresholds = { 20 }, InApp = true, Email = true, Locale = locale },
            IdempotencyKey = NewKey(),
        }).ResponseAsync;

    [Test]
    public async Task The_locale_is_set_read_back_and_cleared_and_a_bad_tag_is_refused_changing_nothing()
    {
        var account = NewAccount();

        var set = await Update(account, "de-DE");
        var bad = await RpcFailure(() => Update(account, "de_DE!"));
        var kept = await Writer.GetNotificationPreferencesAsync(account);
        await Update(account, "");

        Assert.That(set.Preferences.Locale, Is.EqualTo("de-DE"));
        Assert.That((bad.StatusCode, ErrorInfoOf(bad).Reason, ErrorInfoOf(bad).Metadata["field"]),
            Is.EqualTo((StatusCode.InvalidArgument, "INVALID_REQUEST", "preferences.locale")));
        Assert.That(kept.Locale, Is.EqualTo("de-DE"), "the refused update changed nothing");
        Assert.That((await Writer.GetNotificationPreferencesAsync(account)).Locale, Is.Empty);
    }
}
