using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Referrals;

/// <summary>
/// ReferralService through a real server and the generated client: codes, applying, listing, each
/// refusal's status and ErrorInfo reason, and what an end-user token may do (its own account only).
/// The ledger rules are specified on both providers in Credits.Ledger.Tests; these are the server's.
/// </summary>
public sealed class ReferralRpcTests
{
    private BrowserServer _server = null!;
    private ReferralService.ReferralServiceClient _referrals = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await BrowserServer.StartAsync();
        _referrals = new ReferralService.ReferralServiceClient(_server.GrpcChannel);
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static string NewUser() => $"user:{Guid.NewGuid():N}";

    private static Metadata Writer => LedgerServer.Bearer(TestKeys.Writer);

    private Metadata TokenFor(string account) => LedgerServer.Bearer(EndUserTokens.Mint(account, _server.Time.GetUtcNow()));

    private async Task<string> CodeOf(string account) =>
        (await _referrals.GetReferralCodeAsync(new GetReferralCodeRequest { AccountId = account }, Writer)).Code;

    private AsyncUnaryCall<ApplyReferralCodeResponse> Apply(string referee, string code, Metadata headers, string key = "signup") =>
        _referrals.ApplyReferralCodeAsync(new ApplyReferralCodeRequest { RefereeAccountId = referee, Code = code, IdempotencyKey = key }, headers);

    [Test]
    public async Task A_token_gets_its_code_applies_a_code_to_itself_and_lists_its_referrals_and_no_one_elses()
    {
        var (ann, bob, eve) = (NewUser(), NewUser(), NewUser());
        var code = (await _referrals.GetReferralCodeAsync(new GetReferralCodeRequest { AccountId = ann }, TokenFor(ann))).Code;

        var applied = await Apply(bob, code, TokenFor(bob));
        var retried = await Apply(bob, code, TokenFor(bob));
        var listed = await _referrals.ListReferralsAsync(new ListReferralsRequest { AccountId = ann }, TokenFor(ann));
        var othersCode = await RpcFailure(() => _referrals.GetReferralCodeAsync(new GetReferralCodeRequest { AccountId = ann }, TokenFor(eve)).ResponseAsync);
        var othersList = await RpcFailure(() => _referrals.ListReferralsAsync(new ListReferralsRequest { AccountId = ann }, TokenFor(eve)).ResponseAsync);
        var othersApply = await RpcFailure(() => Apply(bob, code, TokenFor(eve)).ResponseAsync);

        Assert.That(code, Is.EqualTo(await CodeOf(ann)), "the same code for the token and for a service key");
        Assert.That((applied.ReferrerAccountId, retried.AppliedAt), Is.EqualTo((ann, applied.AppliedAt)));
        Assert.That(listed.Referrals.Select(row => (row.RefereeAccountId, row.State)), Is.EqualTo(new[] { (bob, ReferralState.Pending) }));
        Assert.That(listed.NextPageToken, Is.Empty);
        Assert.That(new[] { othersCode, othersList, othersApply }.Select(error => (error.StatusCode, ErrorInfoOf(error).Reason)),
            Is.All.EqualTo((StatusCode.PermissionDenied, "TOKEN_ACCOUNT_DENIED")));
    }

    [Test]
    public async Task Each_refusal_has_its_status_and_reason()
    {
        var (ann, bob, carl) = (NewUser(), NewUser(), NewUser());
        var annCode = await CodeOf(ann);
        await Apply(bob, annCode, Writer);

        var self = await RpcFailure(() => Apply(ann, annCode, Writer, "k-self").ResponseAsync);
        var circular = await RpcFailure(async () => await Apply(ann, await CodeOf(bob), Writer, "k-circ"));
        var already = await RpcFailure(async () => await Apply(bob, await CodeOf(carl), Writer, "k-again"));
        var unknown = await RpcFailure(() => Apply(carl, "ZZZZ-ZZZZ-ZZZZ", Writer, "k-unknown").ResponseAsync);
        var malformed = await RpcFailure(() => Apply(carl, "nope", Writer, "k-bad").ResponseAsync);

        Assert.That(new[] { self, circular, already, unknown, malformed }.Select(error => (error.StatusCode, ErrorInfoOf(error).Reason)), Is.EqualTo(new[]
        {
            (StatusCode.FailedPrecondition, "REFERRAL_SELF"),
            (StatusCode.FailedPrecondition, "REFERRAL_CIRCULAR"),
            (StatusCode.FailedPrecondition, "ALREADY_REFERRED"),
            (StatusCode.NotFound, "REFERRAL_CODE_NOT_FOUND"),
            (StatusCode.InvalidArgument, "INVALID_REQUEST"),
        }));
    }
}
