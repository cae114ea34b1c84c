export { createCreditsClient, type CreditsClient } from "./client";
export { bearer, createCreditsTransport, type Credential, type CreditsTransportOptions } from "./transport";
export { CreditsError, ERROR_DOMAIN, type FieldViolation, type KnownReason, type ReasonMetadata } from "./errors";
export { followHistory, readHistoryPage, type FollowHistoryOptions, type HistoryPage } from "./history";
export {
  createNotificationsClient,
  followNotifications,
  type FollowNotificationsOptions,
  getNotificationLocale,
  getNotificationPreferences,
  type NotificationsClient,
  setNotificationLocale,
} from "./notifications";
export {
  type NotificationPreferencesState,
  NotificationsProvider,
  type NotificationsState,
  useNotificationPreferences,
  useNotifications,
} from "./react/useNotifications";
export { createGiftsClient, redeemGiftCode, type GiftsClient, type RedeemGiftCodeOptions } from "./gifts";
export { applyReferralCode, createReferralsClient, referralLink, type ApplyReferralCodeOptions, type ReferralsClient } from "./referrals";
export {
  createAnalyticsClient,
  getForecast,
  getSuggestions,
  getUsage,
  getUsageOverview,
  type AnalyticsClient,
  type ExpiringCredits,
  type Forecast,
  type Granularity,
  type Suggestion,
  type SuggestionKindName,
  type Usage,
  type UsageBucket,
  type UsageOverview,
  type UsageOverviewQuery,
  type UsageQuery,
  type UsageTotals,
} from "./analytics";
export {
  addPoolMember,
  createPoolsClient,
  getPoolUsage,
  listPoolMembers,
  removePoolMember,
  updatePoolMember,
  type PoolMember,
  type PoolMemberTerms,
  type PoolPeriodName,
  type PoolRoleName,
  type PoolsClient,
} from "./pools";
export { CreditsProvider, useAnalyticsClient, useCreditsClient } from "./react/CreditsProvider";
export { useForecast, useSuggestions, useUsage, type ReportState, type UsageOptions } from "./react/useAnalytics";
export { useCredits, type CreditsState } from "./react/useCredits";
export { useCreditHistory, DEFAULT_HISTORY_PAGE_SIZE, type CreditHistoryState } from "./react/useCreditHistory";
export * from "./gen/credits/v1/types_pb";
export * from "./gen/credits/v1/checkout_pb";
export * from "./gen/credits/v1/ledger_service_pb";
export * from "./gen/credits/v1/notification_service_pb";
export * from "./gen/credits/v1/gift_service_pb";
