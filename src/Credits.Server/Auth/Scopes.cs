using System.Collections.Frozen;
using Credits.V1;

namespace Credits.Server.Auth;

/// <summary>
/// The API key scopes and the one table saying which scope each ledger method needs.
/// </summary>
public static class Scopes
{
    /// <summary>Read balances and history: GetBalance, StreamHistory, ListPacks; ListNotifications, StreamNotifications, GetNotificationPreferences; ListGiftCodes.</summary>
    public const string LedgerRead = "ledger:read";

    /// <summary>Change balances: Grant, Reserve, Commit, Release, ExtendHold, ClaimLead, Transfer, CreateCheckoutSession; MarkNotificationsRead, UpdateNotificationPreferences; CreateGiftCodes, RedeemGiftCode, RevokeGiftCode, BulkGift.</summary>
    public const string LedgerWrite = "ledger:write";

    /// <summary>Satisfies every scope.</summary>
    public const string Admin = "admin";

    /// <summary>Every scope a key may carry.</summary>
    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal, LedgerRead, LedgerWrite, Admin);

    private static readonly FrozenDictionary<string, string> ByMethod = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Path(nameof(LedgerService.LedgerServiceBase.Grant))] = LedgerWrite,
        [Path(nameof(LedgerService.LedgerServiceBase.Reserve))] = LedgerWrite,
        [Path(nameof(LedgerService.LedgerServiceBase.Commit))] = LedgerWrite,
        [Path(nameof(LedgerService.LedgerServiceBase.Release))] = LedgerWrite,
        [Path(nameof(LedgerService.LedgerServiceBase.ExtendHold))] = LedgerWrite,
        [Path(nameof(LedgerService.LedgerServiceBase.RefundCharge))] = LedgerWrite,
        [Path(nameof(LedgerService.LedgerServiceBase.ClaimLead))] = LedgerWrite,
        [Path(nameof(LedgerService.LedgerServiceBase.Transfer))] = LedgerWrite,
        [Path(nameof(LedgerService.LedgerServiceBase.GetBalance))] = LedgerRead,
        [Path(nameof(LedgerService.LedgerServiceBase.StreamHistory))] = LedgerRead,
        [Path(nameof(LedgerService.LedgerServiceBase.ListPacks))] = LedgerRead,
        [Path(nameof(LedgerService.LedgerServiceBase.CreateCheckoutSession))] = LedgerWrite,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.GetUsage)}"] = LedgerRead,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.GetForecast)}"] = LedgerRead,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.GetSuggestions)}"] = LedgerRead,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.GetLeaderboard)}"] = LedgerRead,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.ListBadges)}"] = LedgerRead,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.SetLeaderboardParticipation)}"] = LedgerWrite,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.GetUsageOverview)}"] = Admin,
        [NotificationPath(nameof(NotificationService.NotificationServiceBase.ListNotifications))] = LedgerRead,
        [NotificationPath(nameof(NotificationService.NotificationServiceBase.StreamNotifications))] = LedgerRead,
        [NotificationPath(nameof(NotificationService.NotificationServiceBase.GetNotificationPreferences))] = LedgerRead,
        [NotificationPath(nameof(NotificationService.NotificationServiceBase.MarkNotificationsRead))] = LedgerWrite,
        [NotificationPath(nameof(NotificationService.NotificationServiceBase.UpdateNotificationPreferences))] = LedgerWrite,
        [$"/{PoolService.Descriptor.FullName}/{nameof(PoolService.PoolServiceBase.AddPoolMember)}"] = Admin,
        [$"/{PoolService.Descriptor.FullName}/{nameof(PoolService.PoolServiceBase.UpdatePoolMember)}"] = Admin,
        [$"/{PoolService.Descriptor.FullName}/{nameof(PoolService.PoolServiceBase.RemovePoolMember)}"] = Admin,
        [$"/{PoolService.Descriptor.FullName}/{nameof(PoolService.PoolServiceBase.ListPoolMembers)}"] = Admin,
        [$"/{PoolService.Descriptor.FullName}/{nameof(PoolService.PoolServiceBase.GetPoolUsage)}"] = Admin,
        [$"/{PoolService.Descriptor.FullName}/{nameof(PoolService.PoolServiceBase.SetPoolPolicy)}"] = Admin,
        [GiftPath(nameof(GiftService.GiftServiceBase.CreateGiftCodes))] = LedgerWrite,
        [GiftPath(nameof(GiftService.GiftServiceBase.RedeemGiftCode))] = LedgerWrite,
        [GiftPath(nameof(GiftService.GiftServiceBase.RevokeGiftCode))] = LedgerWrite,
        [GiftPath(nameof(GiftService.GiftServiceBase.ListGiftCodes))] = LedgerRead,
        [GiftPath(nameof(GiftService.GiftServiceBase.BulkGift))] = LedgerWrite,
        [$"/{ReferralService.Descriptor.FullName}/{nameof(ReferralService.ReferralServiceBase.GetReferralCode)}"] = LedgerRead,
        [$"/{ReferralService.Descriptor.FullName}/{nameof(ReferralService.ReferralServiceBase.ApplyReferralCode)}"] = LedgerWrite,
        [$"/{ReferralService.Descriptor.FullName}/{nameof(ReferralService.ReferralServiceBase.ListReferrals)}"] = LedgerRead,
        // Importing an older table creates credits for any account: operators only, as Adjust (the default for AdminService).
        [$"/{AdminService.Descriptor.FullName}/{nameof(AdminService.AdminServiceBase.ImportLots)}"] = Admin,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The scope that <paramref name="method"/> (a gRPC path such as <c>/credits.v1.LedgerService/Grant</c>)
    /// needs. A method missing from the table needs <see cref="Admin"/>, so a new RPC is closed until
    /// someone decides its scope.
    /// </summary>
    public static string RequiredFor(string method) => ByMethod.GetValueOrDefault(method, Admin);

    /// <summary>Whether a key holding <paramref name="granted"/> may use a method that needs <paramref name="required"/>.</summary>
    public static bool Satisfies(IReadOnlySet<string> granted, string required)
    {
        ArgumentNullException.ThrowIfNull(granted);
        return granted.Contains(Admin) || granted.Contains(required);
    }

    private static string Path(string method) => $"/{LedgerService.Descriptor.FullName}/{method}";

    private static string NotificationPath(string method) => $"/{NotificationService.Descriptor.FullName}/{method}";

    private static string GiftPath(string method) => $"/{GiftService.Descriptor.FullName}/{method}";
}
