extern alias client;

// Credits.Server generates its own Credits.V1 service classes (internal); these pick the client's.
global using AdminService = client::Credits.V1.AdminService;
global using LedgerService = client::Credits.V1.LedgerService;
global using SubscriptionService = client::Credits.V1.SubscriptionService;
global using PoolService = client::Credits.V1.PoolService;
global using GiftService = client::Credits.V1.GiftService;
global using ReferralService = client::Credits.V1.ReferralService;
