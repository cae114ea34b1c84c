using System.Collections.Frozen;
using Credits.V1;

namespace Credits.Server.Auth;

/// <summary>
/// The one rule for end-user tokens: a token minted for account A may call GetBalance and
/// StreamHistory for A, CreateCheckoutSession for A, Transfer from A, ListPacks (for no account, or A), GetUsage, GetForecast, GetSuggestions, ListBadges and SetLeaderboardParticipation for A, GetLeaderboard, every NotificationService method for A,
/// RedeemGiftCode into A, and every PoolService method for a pool A is an active admin of (checked by the service), and nothing
/// else. Any other method is PERMISSION_DENIED TOKEN_METHOD_DENIED; a request
/// for another account is PERMISSION_DENIED TOKEN_ACCOUNT_DENIED.
/// </summary>
internal static class EndUserAccess
{
    // Each allowed method, with how to read the account its request concerns (null: none).
    private static readonly FrozenDictionary<string, Func<object, string?>> AccountOfRequest = new Dictionary<string, Func<object, string?>>(StringComparer.Ordinal)
    {
        [Path(nameof(LedgerService.LedgerServiceBase.GetBalance))] = request => ((GetBalanceRequest)request).AccountId,
        [Path(nameof(LedgerService.LedgerServiceBase.StreamHistory))] = request => ((StreamHistoryRequest)request).AccountId,
        [Path(nameof(LedgerService.LedgerServiceBase.CreateCheckoutSession))] = request => ((CreateCheckoutSessionRequest)request).AccountId,
        // The catalogue concerns no account; what one account may buy is that account's.
        [Path(nameof(LedgerService.LedgerServiceBase.ListPacks))] = request => ((ListPacksRequest)request).AccountId is { Length: > 0 } account ? account : null,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.GetUsage)}"] = request => ((GetUsageRequest)request).AccountId,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.GetForecast)}"] = request => ((GetForecastRequest)request).AccountId,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.GetSuggestions)}"] = request => ((GetSuggestionsRequest)request).AccountId,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.ListBadges)}"] = request => ((ListBadgesRequest)request).AccountId,
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.SetLeaderboardParticipation)}"] =
            request => ((SetLeaderboardParticipationRequest)request).AccountId,
        // The board shows only names its entrants chose to show: anyone may read it.
        [$"/{AnalyticsService.Descriptor.FullName}/{nameof(AnalyticsService.AnalyticsServiceBase.GetLeaderboard)}"] = _ => null,
        [NotificationPath(nameof(NotificationService.NotificationServiceBase.ListNotifications))] = request => ((ListNotificationsRequest)request).AccountId,
        [NotificationPath(nameof(NotificationService.NotificationServiceBase.StreamNotifications))] =
            request => ((StreamNotificationsRequest)request).AccountId,
        [NotificationPath(nameof(NotificationService.NotificationServiceBase.MarkNotificationsRead))] =
            request => ((MarkNotificationsReadRequest)request).AccountId,
        [NotificationPath(nameof(NotificationService.NotificationServiceBase.GetNotificationPreferences))] =
            request => ((GetNotificationPreferencesRequest)request).AccountId,
        [NotificationPath(nameof(NotificationService.NotificationServiceBase.UpdateNotificationPreferences))] =
            request => ((UpdateNotificationPreferencesRequest)request).AccountId,
        // Sending from the token's own account: the receiver is whoever the person chooses to gift.
        [Path(nameof(LedgerService.LedgerServiceBase.Transfer))] = request => ((TransferRequest)request).FromAccountId,
        // A pool admin manages its own pool: whether the token's account is an active admin of the
        // pool asked about takes a database read, so PoolGrpcService decides it (TOKEN_POOL_DENIED).
        [PoolPath(nameof(PoolService.PoolServiceBase.AddPoolMember))] = _ => null,
        [PoolPath(nameof(PoolService.PoolServiceBase.UpdatePoolMember))] = _ => null,
        [PoolPath(nameof(PoolService.PoolServiceBase.RemovePoolMember))] = _ => null,
        [PoolPath(nameof(PoolService.PoolServiceBase.ListPoolMembers))] = _ => null,
        [PoolPath(nameof(PoolService.PoolServiceBase.GetPoolUsage))] = _ => null,
        [PoolPath(nameof(PoolService.PoolServiceBase.SetPoolPolicy))] = _ => null,
        // Redeeming into the token's own account; creating, revoking and listing codes are the service's.
        [$"/{GiftService.Descriptor.FullName}/{nameof(GiftService.GiftServiceBase.RedeemGiftCode)}"] = request => ((RedeemGiftCodeRequest)request).AccountId,
        // Referrals: the token's own code and referrals, and a code applied to its own account.
        [$"/{ReferralService.Descriptor.FullName}/{nameof(ReferralService.ReferralServiceBase.GetReferralCode)}"] =
            request => ((GetReferralCodeRequest)request).AccountId,
        [$"/{ReferralService.Descriptor.FullName}/{nameof(ReferralService.ReferralServiceBase.ApplyReferralCode)}"] =
            request => ((ApplyReferralCodeRequest)request).RefereeAccountId,
        [$"/{ReferralService.Descriptor.FullName}/{nameof(ReferralService.ReferralServiceBase.ListReferrals)}"] =
            request => ((ListReferralsRequest)request).AccountId,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Journal actors and Stripe idempotency scopes of token callers start with this; key names cannot contain ':'.</summary>
    public const string CallerNamePrefix = "end-user:";

    /// <summary>
    /// Throws PERMISSION_DENIED unless a token for <paramref name="tokenAccountId"/> may make this call.
    /// <paramref name="request"/> is null for client-streaming calls, which no token may make.
    /// </summary>
    public static void Authorize(string method, object? request, string tokenAccountId)
    {
        if (request is null || !AccountOfRequest.TryGetValue(method, out var accountOf))
        {
            throw EndUserTokenErrors.MethodDenied(method);
        }
        if (accountOf(request) is { } accountId && !string.Equals(accountId, tokenAccountId, StringComparison.Ordinal))
        {
            throw EndUserTokenErrors.AccountDenied(accountId);
        }
    }

    /// <summary>The caller recorded for a token: no scopes, since <see cref="Authorize"/> alone decides what it may do.</summary>
    public static ApiCaller Caller(string tokenAccountId) => new(CallerNamePrefix + tokenAccountId, FrozenSet<string>.Empty);

    /// <summary>Whether <paramref name="caller"/> is an end user's token rather than an API key.</summary>
    public static bool IsEndUser(ApiCaller caller) => caller.Name.StartsWith(CallerNamePrefix, StringComparison.Ordinal);

    private static string Path(string method) => $"/{LedgerService.Descriptor.FullName}/{method}";

    private static string NotificationPath(string method) => $"/{NotificationService.Descriptor.FullName}/{method}";

    private static string PoolPath(string method) => $"/{PoolService.Descriptor.FullName}/{method}";

    /// <summary>The account a token caller's token was minted for, or null for an API key.</summary>
    public static string? TokenAccount(ApiCaller caller) => IsEndUser(caller) ? caller.Name[CallerNamePrefix.Length..] : null;
}
