using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Server.Tests.GiftCodes;

/// <summary>
/// An end-user token may redeem a gift code into its own account and do nothing else with
/// GiftService. The rule is the server's, so one provider (SQLite) suffices.
/// </summary>
public sealed class EndUserGiftTests
{
    private BrowserServer _server = null!;
    private GiftService.GiftServiceClient _gifts = null!;
    private LedgerService.LedgerServiceClient _ledger = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await BrowserServer.StartAsync();
        _ledger = _server.Client(grpcWeb: false);
        _gifts = new GiftService.GiftServiceClient(_server.GrpcChannel);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static string NewUser() => $"user:{Guid.NewGuid():N}";

    private Metadata TokenFor(string account) => LedgerServer.Bearer(EndUserTokens.Mint(account, _server.Time.GetUtcNow()));

    private async Task<string> OneCode(string issuer)
    {
        var writer = LedgerServer.Bearer(TestKeys.Writer);
        await _ledger.GrantAsync(new GrantRequest { AccountId = issuer, Amount = 10, Bucket = Bucket.Purchased, IdempotencyKey = $"g-{Guid.NewGuid():N}" }, writer);
        var created = await _gifts.CreateGiftCodesAsync(new CreateGiftCodesRequest
        {
            IssuerAccountId = issuer, Amount = 10, Count = 1, IdempotencyKey = $"c-{Guid.NewGuid():N}",
            ExpiresAt = Timestamp.FromDateTimeOffset(_server.Time.GetUtcNow().AddDays(7)),
        }, writer);
        return created.Codes.Single().Code;
    }

    [Test]
    public async Task A_token_redeems_into_its_own_account_only()
    {
        var (alice, bob) = (NewUser(), NewUser());
        var code = await OneCode("org:" + Guid.NewGuid().ToString("N"));

        var intoBob = await RpcFailure(() => _gifts.RedeemGiftCodeAsync(
            new RedeemGiftCodeRequest { Code = code, AccountId = bob, IdempotencyKey = "r-1" }, TokenFor(alice)).ResponseAsync);
        var redeemed = await _gifts.RedeemGiftCodeAsync(new RedeemGiftCodeRequest { Code = code, AccountId = alice, IdempotencyKey = "r-1" }, TokenFor(alice));

        Assert.That((intoBob.StatusCode, ErrorInfoOf(intoBob).Reason), Is.EqualTo((StatusCode.PermissionDenied, "TOKEN_ACCOUNT_DENIED")));
        Assert.That((redeemed.Redeemed, redeemed.Balance.AccountId, redeemed.Balance.Available), Is.EqualTo((10L, alice, 10L)));
    }

    [Test]
    public async Task A_token_may_not_create_revoke_or_list_codes()
    {
        var alice = NewUser();
        var token = TokenFor(alice);

        var create = await RpcFailure(() => _gifts.CreateGiftCodesAsync(new CreateGiftCodesRequest
        {
            IssuerAccountId = alice, Amount = 1, Count = 1, IdempotencyKey = "c", ExpiresAt = Timestamp.FromDateTimeOffset(_server.Time.GetUtcNow().AddDays(1)),
        }, token).ResponseAsync);
        var revoke = await RpcFailure(() => _gifts.RevokeGiftCodeAsync(new RevokeGiftCodeRequest { IssuerAccountId = alice, CodeId = "gift_x", IdempotencyKey = "r" }, token).ResponseAsync);
        var list = await RpcFailure(() => _gifts.ListGiftCodesAsync(new ListGiftCodesRequest { IssuerAccountId = alice }, token).ResponseAsync);

        Assert.That(new[] { create, revoke, list }.Select(error => (error.StatusCode, ErrorInfoOf(error).Reason)),
            Is.All.EqualTo((StatusCode.PermissionDenied, "TOKEN_METHOD_DENIED")));
    }
}
