using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Transfers;

/// <summary>
/// An end-user token may send credits from its own account, to anyone, and sees only its own
/// balance in the answer; it may not send from another account. The rule is the server's, so one
/// provider (SQLite) suffices.
/// </summary>
public sealed class EndUserTransferTests
{
    private BrowserServer _server = null!;
    private LedgerService.LedgerServiceClient _client = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await BrowserServer.StartAsync();
        _client = _server.Client(grpcWeb: false);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static string NewUser() => $"user:{Guid.NewGuid():N}";

    private Metadata TokenFor(string account) => LedgerServer.Bearer(EndUserTokens.Mint(account, _server.Time.GetUtcNow()));

    private async Task Grant(string account, long amount) =>
        await _client.GrantAsync(new GrantRequest { AccountId = account, Amount = amount, Bucket = Bucket.Purchased, IdempotencyKey = $"grant-{Guid.NewGuid():N}" },
            LedgerServer.Bearer(TestKeys.Writer));

    private async Task<long> Available(string account) =>
        (await _client.GetBalanceAsync(new GetBalanceRequest { AccountId = account }, LedgerServer.Bearer(TestKeys.Writer))).Balance.Available;

    private static TransferRequest Request(string from, string to, long amount) =>
        new() { FromAccountId = from, ToAccountId = to, Amount = amount, IdempotencyKey = $"gift-{Guid.NewGuid():N}" };

    [Test]
    public async Task A_token_sends_from_its_own_account_and_is_not_shown_the_receivers_balance()
    {
        var (alice, bob) = (NewUser(), NewUser());
        await Grant(alice, 40);
        await Grant(bob, 1000);

        var response = await _client.TransferAsync(Request(alice, bob, 15), TokenFor(alice));

        Assert.That((response.Moved, response.FromBalance.Available), Is.EqualTo((15L, 25L)));
        Assert.That(response.ToBalance, Is.Null, "bob's balance is not alice's to see");
        Assert.That(await Available(bob), Is.EqualTo(1015));
    }

    [Test]
    public async Task A_token_cannot_send_from_another_account()
    {
        var (alice, bob) = (NewUser(), NewUser());
        await Grant(bob, 40);

        var error = await RpcFailure(() => _client.TransferAsync(Request(bob, alice, 15), TokenFor(alice)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        var info = ErrorInfoOf(error);
        Assert.That((info.Reason, info.Metadata["accountId"]), Is.EqualTo(("TOKEN_ACCOUNT_DENIED", bob)));
        Assert.That(await Available(bob), Is.EqualTo(40));
        Assert.That(await Available(alice), Is.Zero);
    }
}
