using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Tokens;

/// <summary>
/// Which tokens the server believes: signed with its key, for its issuer and audience, not expired,
/// short-lived, naming an account. Everything else is UNAUTHENTICATED, over gRPC and gRPC-Web alike.
/// </summary>
[TestFixture(Transport.Grpc)]
[TestFixture(Transport.GrpcWeb)]
public sealed class EndUserTokenValidationTests(Transport transport)
{
    private BrowserServer _server = null!;
    private LedgerService.LedgerServiceClient _client = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await BrowserServer.StartAsync();
        _client = _server.Client(grpcWeb: transport == Transport.GrpcWeb);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private DateTimeOffset Now => _server.Time.GetUtcNow();

    private static string NewUser() => $"user:{Guid.NewGuid():N}";

    private async Task<RpcException> ReadBalanceFails(string account, string token) =>
        await RpcFailure(() => _client.GetBalanceAsync(new GetBalanceRequest { AccountId = account }, LedgerServer.Bearer(token)).ResponseAsync);

    private static void AssertUnauthenticated(RpcException error, string reason)
    {
        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo(reason));
    }

    [Test]
    public async Task A_token_past_its_expiry_is_unauthenticated_token_expired()
    {
        var user = NewUser();
        var token = EndUserTokens.Mint(user, Now.AddMinutes(-20), TimeSpan.FromMinutes(15));

        var error = await ReadBalanceFails(user, token);

        AssertUnauthenticated(error, "TOKEN_EXPIRED");
        Assert.That(ErrorInfoOf(error).Metadata["expiredAt"], Does.StartWith(Now.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task A_token_that_worked_stops_working_once_its_expiry_passes()
    {
        var user = NewUser();
        var token = EndUserTokens.Mint(user, Now, TimeSpan.FromMinutes(5));
        await _client.GetBalanceAsync(new GetBalanceRequest { AccountId = user }, LedgerServer.Bearer(token));

        _server.Time.Advance(TimeSpan.FromMinutes(6));

        AssertUnauthenticated(await ReadBalanceFails(user, token), "TOKEN_EXPIRED");
    }

    [Test]
    public async Task A_token_signed_with_another_key_is_unauthenticated_token_invalid()
    {
        var user = NewUser();
        var forged = EndUserTokens.Mint(user, Now, signingKey: "a-forger-guessing-the-key-0123456789abcdef");

        AssertUnauthenticated(await ReadBalanceFails(user, forged), "TOKEN_INVALID");
    }

    [Test]
    public async Task A_token_whose_account_was_edited_after_signing_is_unauthenticated_token_invalid()
    {
        var (user1, user2) = (NewUser(), NewUser());
        var tampered = EndUserTokens.WithSubject(EndUserTokens.Mint(user1, Now), user2);

        AssertUnauthenticated(await ReadBalanceFails(user2, tampered), "TOKEN_INVALID");
    }

    [Test]
    public async Task An_unsigned_token_is_unauthenticated_token_invalid()
    {
        var user = NewUser();

        AssertUnauthenticated(await ReadBalanceFails(user, EndUserTokens.WithoutSignature(user, Now)), "TOKEN_INVALID");
    }

    [Test]
    public async Task A_token_from_another_issuer_is_unauthenticated_token_invalid()
    {
        var user = NewUser();
        var token = EndUserTokens.Mint(user, Now, issuer: "https://elsewhere.example.com");

        AssertUnauthenticated(await ReadBalanceFails(user, token), "TOKEN_INVALID");
    }

    [Test]
    public async Task A_token_for_another_audience_is_unauthenticated_token_invalid()
    {
        var user = NewUser();
        var token = EndUserTokens.Mint(user, Now, audience: "another-service");

        AssertUnauthenticated(await ReadBalanceFails(user, token), "TOKEN_INVALID");
    }

    [Test]
    public async Task A_token_living_longer_than_an_hour_is_unauthenticated_token_invalid()
    {
        var user = NewUser();
        var token = EndUserTokens.Mint(user, Now, TimeSpan.FromHours(2));

        AssertUnauthenticated(await ReadBalanceFails(user, token), "TOKEN_INVALID");
    }

    [Test]
    public async Task A_token_whose_subject_is_not_an_account_is_unauthenticated_token_invalid()
    {
        var token = EndUserTokens.Mint("customer-42", Now);

        AssertUnauthenticated(await ReadBalanceFails("customer-42", token), "TOKEN_INVALID");
    }

    [TestCase("eyJhbGciOiJIUzI1NiJ9.not-base64-json.x")]
    [TestCase("eyJ.e30.")]
    public async Task A_bearer_value_shaped_like_a_token_but_garbled_is_unauthenticated_token_invalid(string garbled)
    {
        AssertUnauthenticated(await ReadBalanceFails(NewUser(), garbled), "TOKEN_INVALID");
    }

    [Test]
    public async Task A_token_minted_a_little_ahead_of_the_servers_clock_is_accepted_within_the_skew()
    {
        var user = NewUser();
        var token = EndUserTokens.Mint(user, Now.AddSeconds(20));

        var response = await _client.GetBalanceAsync(new GetBalanceRequest { AccountId = user }, LedgerServer.Bearer(token));

        Assert.That(response.Balance.AccountId, Is.EqualTo(user));
    }
}
