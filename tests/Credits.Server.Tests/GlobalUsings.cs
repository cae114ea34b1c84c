extern alias client;

global using static Credits.Testing.RpcAssertions;

// Credits.Server generates its own Credits.V1.LedgerService and friends, holding the service
// bases, and shows them to this assembly through InternalsVisibleTo; the client's stubs have the
// same names. These aliases pick the client's classes, which are the ones tests call.
global using AdminService = client::Credits.V1.AdminService;
global using LedgerService = client::Credits.V1.LedgerService;
global using SubscriptionService = client::Credits.V1.SubscriptionService;
global using AnalyticsService = client::Credits.V1.AnalyticsService;
global using NotificationService = client::Credits.V1.NotificationService;
global using PoolService = client::Credits.V1.PoolService;
global using GiftService = client::Credits.V1.GiftService;
global using ReferralService = client::Credits.V1.ReferralService;
