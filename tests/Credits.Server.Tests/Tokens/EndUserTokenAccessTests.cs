using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Tokens;

/// <summary>
/// What an end-user token may do, over gRPC and over gRPC-Web alike: read its own account's balance
/// and history, list packs and start a checkout for its own account; nothing for another account,
/// and no other method. The rules touch no database, so one provider (SQLite) suffices.
/// </summary>
[TestFixture(Transport.Grpc)]
[TestFixture(Transport.GrpcWeb)]
public sealed class EndUserTokenAccessTests(Transport transport)
{
    private BrowserServer _server = null!;
    private LedgerService.LedgerServiceClient _client = null!;
    private LedgerService.LedgerServiceClient _writer = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await BrowserServer.StartAsync();
        _client = _server.Client(grpcWeb: transport == Transport.GrpcWeb);
        _writer = _server.Client(grpcWeb: false);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static string NewUser() => $"user:{Guid.NewGuid():N}";

    private string TokenFor(string account) => EndUserTokens.Mint(account, _server.Time.GetUtcNow());

    private static Metadata Bearer(string credential) => LedgerServer.Bearer(credential);

    private async Task Grant(string account, long amount) =>
        await _writer.GrantAsync(new GrantRequest { AccountId = account, Amount = amount, Bucket = Bucket.Purchased, IdempotencyKey = $"grant-{Guid.NewGuid():N}" },
            Bearer(TestKeys.Writer));

    [Test]
    public async Task A_token_for_an_account_reads_that_accounts_balance()
    {
        var user = NewUser();
        await Grant(user, 40);

        var response = await _client.GetBalanceAsync(new GetBalanceRequest { AccountId = user }, Bearer(TokenFor(user)));

        Assert.That(response.Balance.Available, Is.EqualTo(40));
    }

    [Test]
    public async Task A_token_for_an_account_reads_that_accounts_history()
    {
        var user = NewUser();
        await Grant(user, 40);
        await Grant(user, 2);

        using var call = _client.StreamHistory(new StreamHistoryRequest { AccountId = user }, Bearer(TokenFor(user)));
        var amounts = new List<long>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            amounts.Add(call.ResponseStream.Current.Entry.Amount);
        }

        Assert.That(amounts, Is.EqualTo((long[])[40, 2]));
    }

    [Test]
    public async Task A_token_for_user_1_cannot_read_the_balance_of_user_2()
    {
        var (user1, user2) = (NewUser(), NewUser());
        await Grant(user2, 40);

        var error = await RpcFailure(() => _client.GetBalanceAsync(new GetBalanceRequest { AccountId = user2 }, Bearer(TokenFor(user1))).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        var info = ErrorInfoOf(error);
        Assert.That(info.Reason, Is.EqualTo("TOKEN_ACCOUNT_DENIED"));
        Assert.That(info.Metadata["accountId"], Is.EqualTo(user2));
    }

    [Test]
    public async Task A_token_for_user_1_cannot_read_the_history_of_user_2()
    {
        var (user1, user2) = (NewUser(), NewUser());
        await Grant(user2, 40);

        var error = await RpcFailure(async () =>
        {
            using var call = _client.StreamHistory(new StreamHistoryRequest { AccountId = user2 }, Bearer(TokenFor(user1)));
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("TOKEN_ACCOUNT_DENIED"));
    }

    [Test]
    public async Task A_token_cannot_grant_not_even_to_its_own_account()
    {
        var user = NewUser();

        var error = await RpcFailure(() => _client.GrantAsync(
            new GrantRequest { AccountId = user, Amount = 1000, Bucket = Bucket.Purchased, IdempotencyKey = "free-money" }, Bearer(TokenFor(user))).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        var info = ErrorInfoOf(error);
        Assert.That(info.Reason, Is.EqualTo("TOKEN_METHOD_DENIED"));
        Assert.That(info.Metadata["method"], Is.EqualTo("/credits.v1.LedgerService/Grant"));
        var balance = await _writer.GetBalanceAsync(new GetBalanceRequest { AccountId = user }, Bearer(TestKeys.Writer));
        Assert.That(balance.Balance.Available, Is.Zero);
    }

    [TestCase("Reserve")]
    [TestCase("Commit")]
    [TestCase("Release")]
    [TestCase("ClaimLead")]
    public async Task A_token_cannot_spend_or_move_credits(string method)
    {
        var user = NewUser();
        await Grant(user, 40);
        var headers = Bearer(TokenFor(user));
        Func<Task> call = method switch
        {
            "Reserve" => () => _client.ReserveAsync(new ReserveRequest { AccountId = user, Amount = 10, IdempotencyKey = "r" }, headers).ResponseAsync,
            "Commit" => () => _client.CommitAsync(new CommitRequest { HoldId = "hold-1" }, headers).ResponseAsync,
            "Release" => () => _client.ReleaseAsync(new ReleaseRequest { HoldId = "hold-1" }, headers).ResponseAsync,
            _ => () => _client.ClaimLeadAsync(new ClaimLeadRequest { LeadAccountId = "lead:1", UserAccountId = user, IdempotencyKey = "c" }, headers).ResponseAsync,
        };

        var error = await RpcFailure(call);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("TOKEN_METHOD_DENIED"));
    }

    [TestCase("AdminService.Verify")]
    [TestCase("AdminService.MintApiKey")]
    [TestCase("SubscriptionService.StartSubscription")]
    public async Task A_token_cannot_reach_the_admin_services(string method)
    {
        var user = NewUser();
        var headers = Bearer(TokenFor(user));
        // Admin services are served on the gRPC endpoint only; a token must be refused there too.
        var channel = _server.GrpcChannel;
        Func<Task> call = method switch
        {
            "AdminService.Verify" => () => new AdminService.AdminServiceClient(channel).VerifyAsync(new VerifyRequest(), headers).ResponseAsync,
            "AdminService.MintApiKey" => () => new AdminService.AdminServiceClient(channel)
                .MintApiKeyAsync(new MintApiKeyRequest { Name = "escalation", Scopes = { "admin" } }, headers).ResponseAsync,
            _ => () => new SubscriptionService.SubscriptionServiceClient(channel)
                .StartSubscriptionAsync(new StartSubscriptionRequest { AccountId = user, TierId = "pro", IdempotencyKey = "s" }, headers).ResponseAsync,
        };

        var error = await RpcFailure(call);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("TOKEN_METHOD_DENIED"));
    }

    [Test]
    public async Task A_token_lists_the_packs_on_sale()
    {
        var response = await _client.ListPacksAsync(new ListPacksRequest(), Bearer(TokenFor(NewUser())));

        Assert.That(response.Packs.Select(pack => pack.PackId), Is.EqualTo(new[] { BrowserServer.PackId }));
    }

    [Test]
    public async Task A_token_lists_what_its_own_account_may_buy_but_not_what_another_may()
    {
        var (user1, user2) = (NewUser(), NewUser());

        var own = await _client.ListPacksAsync(new ListPacksRequest { AccountId = user1 }, Bearer(TokenFor(user1)));
        var error = await RpcFailure(() => _client.ListPacksAsync(new ListPacksRequest { AccountId = user2 }, Bearer(TokenFor(user1))).ResponseAsync);

        Assert.That(own.Packs.Select(pack => pack.PackId), Is.EqualTo(new[] { BrowserServer.PackId }));
        Assert.That((error.StatusCode, ErrorInfoOf(error).Reason), Is.EqualTo((StatusCode.PermissionDenied, "TOKEN_ACCOUNT_DENIED")));
    }

    [Test]
    public async Task A_token_may_start_a_checkout_for_its_own_account()
    {
        var user = NewUser();

        // Authorisation passes; this server has no Stripe key, so the call goes as far as Stripe.
        var error = await RpcFailure(() => _client.CreateCheckoutSessionAsync(Checkout(user), Bearer(TokenFor(user))).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("STRIPE_UNAVAILABLE"));
    }

    [Test]
    public async Task A_token_for_user_1_cannot_start_a_checkout_for_user_2()
    {
        var (user1, user2) = (NewUser(), NewUser());

        var error = await RpcFailure(() => _client.CreateCheckoutSessionAsync(Checkout(user2), Bearer(TokenFor(user1))).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("TOKEN_ACCOUNT_DENIED"));
    }

    [Test]
    public async Task An_api_key_still_works_on_the_same_transport()
    {
        var user = NewUser();
        await Grant(user, 7);

        var response = await _client.GetBalanceAsync(new GetBalanceRequest { AccountId = user }, Bearer(TestKeys.Writer));

        Assert.That(response.Balance.Available, Is.EqualTo(7));
    }

    private static CreateCheckoutSessionRequest Checkout(string account) => new()
    {
        AccountId = account,
        PackId = BrowserServer.PackId,
        SuccessUrl = $"{BrowserServer.AllowedOrigin}/?checkout=success",
        CancelUrl = $"{BrowserServer.AllowedOrigin}/?checkout=cancel",
        IdempotencyKey = $"checkout-{Guid.NewGuid():N}",
    };
}
