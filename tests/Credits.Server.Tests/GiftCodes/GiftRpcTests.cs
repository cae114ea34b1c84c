using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Server.Tests.GiftCodes;

/// <summary>
/// GiftService through a real server and the generated client: creating, listing, redeeming and
/// revoking codes, each refusal as its status and ErrorInfo reason from the one error table, the
/// scope table, retries, and concurrent redemptions of one code.
/// </summary>
public sealed class GiftRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private GiftService.GiftServiceClient Gifts => new(Server.Channel);

    private static Metadata Writing => LedgerServer.Bearer(TestKeys.Writer);

    private CreateGiftCodesRequest Create(string issuer, long amount, int count, string? key = null) => new()
    {
        IssuerAccountId = issuer,
        Amount = amount,
        Count = count,
        ExpiresAt = Timestamp.FromDateTimeOffset(Now.AddDays(30)),
        IdempotencyKey = key ?? NewKey(),
    };

    private static RedeemGiftCodeRequest Redeem(string code, string account) =>
        new() { Code = code, AccountId = account, IdempotencyKey = NewKey() };

    [Test]
    public async Task Codes_are_shown_in_full_once_listed_without_them_and_a_retry_answers_the_same_codes()
    {
        var issuer = NewAccount("org");
        await Grant(issuer, 100);
        var request = Create(issuer, 10, 3);

        var created = await Gifts.CreateGiftCodesAsync(request, Writing);
        var retry = await Gifts.CreateGiftCodesAsync(request, Writing);
        var listed = await Gifts.ListGiftCodesAsync(new ListGiftCodesRequest { IssuerAccountId = issuer }, LedgerServer.Bearer(TestKeys.Reader));

        Assert.That(retry, Is.EqualTo(created));
        Assert.That((created.Escrowed, created.IssuerBalance.Available, created.Codes.Count), Is.EqualTo((30L, 70L, 3)));
        Assert.That(created.Codes.Select(code => code.Code), Has.All.Match(@"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]$"));
        Assert.That(listed.GiftCodes.Select(code => code.CodeId), Is.EquivalentTo(created.Codes.Select(code => code.CodeId)));
        Assert.That(listed.GiftCodes.Select(code => (code.State, code.Amount)), Is.All.EqualTo((GiftCodeState.Active, 10L)));
        Assert.That(listed.ToString(), Does.Not.Contain(created.Codes[0].Code[..9]), "a list never shows a code");
    }

    [Test]
    public async Task A_redemption_arrives_as_gift_credits_and_a_revocation_returns_the_escrow_once()
    {
        var (issuer, bob) = (NewAccount("org"), NewAccount());
        await Grant(issuer, 100);
        var codes = (await Gifts.CreateGiftCodesAsync(Create(issuer, 25, 2), Writing)).Codes;
        var redeemRequest = Redeem(codes[0].Code.ToLowerInvariant(), bob);
        var revokeRequest = new RevokeGiftCodeRequest { IssuerAccountId = issuer, CodeId = codes[1].CodeId, IdempotencyKey = NewKey() };

        var redeemed = await Gifts.RedeemGiftCodeAsync(redeemRequest, Writing);
        var revoked = await Gifts.RevokeGiftCodeAsync(revokeRequest, Writing);

        Assert.That(await Gifts.RedeemGiftCodeAsync(redeemRequest, Writing), Is.EqualTo(redeemed), "a retry answers the same");
        Assert.That(await Gifts.RevokeGiftCodeAsync(revokeRequest, Writing), Is.EqualTo(revoked), "a retry answers the same");
        Assert.That((redeemed.CodeId, redeemed.Redeemed, redeemed.Balance.Available), Is.EqualTo((codes[0].CodeId, 25L, 25L)));
        Assert.That(redeemed.Balance.Buckets.Single().Bucket, Is.EqualTo(Bucket.Gift));
        Assert.That((revoked.Returned, revoked.IssuerBalance.Available), Is.EqualTo((25L, 75L)));
        Assert.That((await History(issuer)).Last().Kind, Is.EqualTo(EntryKind.GiftCodeRevoke));
        var again = await RpcFailure(() => Gifts.RevokeGiftCodeAsync(new RevokeGiftCodeRequest(revokeRequest) { IdempotencyKey = NewKey() }, Writing).ResponseAsync);
        Assert.That((again.StatusCode, ErrorInfoOf(again).Reason, ErrorInfoOf(again).Metadata["state"]),
            Is.EqualTo((StatusCode.FailedPrecondition, "GIFT_CODE_REVOKED", "revoked")));
        var listed = await Gifts.ListGiftCodesAsync(new ListGiftCodesRequest { IssuerAccountId = issuer, State = GiftCodeState.Redeemed }, Writing);
        Assert.That(listed.GiftCodes.Select(code => (code.CodeId, code.EndedBy)), Is.EqualTo(new[] { (codes[0].CodeId, bob) }));
        Assert.That((await Writer.GetBalanceAsync(issuer)).Available + (await Writer.GetBalanceAsync(bob)).Available, Is.EqualTo(100));
    }

    [Test]
    public async Task Each_refusal_has_its_status_and_reason_and_changes_nothing()
    {
        var (issuer, bob) = (NewAccount("org"), NewAccount());
        await Grant(issuer, 10);
        var code = (await Gifts.CreateGiftCodesAsync(Create(issuer, 10, 1), Writing)).Codes.Single();
        await Gifts.RedeemGiftCodeAsync(Redeem(code.Code, bob), Writing);
        var unknownCode = await Gifts.CreateGiftCodesAsync(Create(bob, 1, 1), Writing);
        await Gifts.RevokeGiftCodeAsync(new RevokeGiftCodeRequest { IssuerAccountId = bob, CodeId = unknownCode.Codes[0].CodeId, IdempotencyKey = NewKey() }, Writing);

        var redeemed = await RpcFailure(() => Gifts.RedeemGiftCodeAsync(Redeem(code.Code, NewAccount()), Writing).ResponseAsync);
        var typo = await RpcFailure(() => Gifts.RedeemGiftCodeAsync(Redeem(code.Code[..^1] + (code.Code[^1] == 'A' ? 'B' : 'A'), bob), Writing).ResponseAsync);
        var notFound = await RpcFailure(() => Gifts.RevokeGiftCodeAsync(
            new RevokeGiftCodeRequest { IssuerAccountId = issuer, CodeId = unknownCode.Codes[0].CodeId, IdempotencyKey = NewKey() }, Writing).ResponseAsync);
        var tooFew = await RpcFailure(() => Gifts.CreateGiftCodesAsync(Create(issuer, 5, 1), Writing).ResponseAsync);
        var noExpiry = await RpcFailure(() => Gifts.CreateGiftCodesAsync(new CreateGiftCodesRequest(Create(issuer, 5, 1)) { ExpiresAt = null }, Writing).ResponseAsync);
        var badToken = await RpcFailure(() => Gifts.ListGiftCodesAsync(new ListGiftCodesRequest { IssuerAccountId = issuer, PageToken = "x" }, Writing).ResponseAsync);

        Assert.That((redeemed.StatusCode, ErrorInfoOf(redeemed).Reason, ErrorInfoOf(redeemed).Metadata["codeId"]),
            Is.EqualTo((StatusCode.FailedPrecondition, "GIFT_CODE_REDEEMED", code.CodeId)));
        Assert.That((typo.StatusCode, ErrorInfoOf(typo).Reason, ErrorInfoOf(typo).Metadata["field"]), Is.EqualTo((StatusCode.InvalidArgument, "INVALID_REQUEST", "code")));
        Assert.That((notFound.StatusCode, ErrorInfoOf(notFound).Reason, ErrorInfoOf(notFound).Metadata.Count),
            Is.EqualTo((StatusCode.NotFound, "GIFT_CODE_NOT_FOUND", 0)), "another issuer's code is not found, and nothing is echoed");
        Assert.That((tooFew.StatusCode, ErrorInfoOf(tooFew).Reason), Is.EqualTo((StatusCode.FailedPrecondition, "INSUFFICIENT_CREDITS")));
        Assert.That(ErrorInfoOf(noExpiry).Metadata["field"], Is.EqualTo("expires_at"));
        Assert.That(ErrorInfoOf(badToken).Metadata["field"], Is.EqualTo("page_token"));
        Assert.That((await Writer.GetBalanceAsync(bob)).Available, Is.EqualTo(10));
        Assert.That((await Writer.GetBalanceAsync(issuer)).Available, Is.Zero);
    }

    [Test]
    public async Task A_read_only_key_may_list_but_not_create_redeem_or_revoke()
    {
        var issuer = NewAccount("org");
        await Grant(issuer, 10);
        var reading = LedgerServer.Bearer(TestKeys.Reader);

        var create = await RpcFailure(() => Gifts.CreateGiftCodesAsync(Create(issuer, 1, 1), reading).ResponseAsync);
        var redeem = await RpcFailure(() => Gifts.RedeemGiftCodeAsync(Redeem("0000-0000-0000-0000-0", NewAccount()), reading).ResponseAsync);
        var revoke = await RpcFailure(() => Gifts.RevokeGiftCodeAsync(
            new RevokeGiftCodeRequest { IssuerAccountId = issuer, CodeId = "gift_x", IdempotencyKey = NewKey() }, reading).ResponseAsync);

        Assert.That(new[] { create, redeem, revoke }.Select(error => (error.StatusCode, ErrorInfoOf(error).Reason)),
            Is.All.EqualTo((StatusCode.PermissionDenied, "SCOPE_MISSING")));
        Assert.That((await Gifts.ListGiftCodesAsync(new ListGiftCodesRequest { IssuerAccountId = issuer }, reading)).GiftCodes, Is.Empty);
        Assert.That((await Writer.GetBalanceAsync(issuer)).Available, Is.EqualTo(10));
    }

    [Test]
    public async Task Of_fifty_concurrent_redemptions_of_one_code_through_grpc_exactly_one_wins()
    {
        var issuer = NewAccount("org");
        await Grant(issuer, 50);
        var code = (await Gifts.CreateGiftCodesAsync(Create(issuer, 50, 1), Writing)).Codes.Single();
        var redeemers = Enumerable.Range(0, 50).Select(_ => NewAccount()).ToList();

        var outcomes = await Task.WhenAll(redeemers.Select(async account =>
        {
            try
            {
                return (await Gifts.RedeemGiftCodeAsync(Redeem(code.Code, account), Writing)).Redeemed == 50 ? "won" : "short";
            }
            catch (RpcException error)
            {
                return ErrorInfoOf(error).Reason;
            }
        }));

        Assert.That(outcomes.Count(outcome => outcome == "won"), Is.EqualTo(1));
        Assert.That(outcomes.Where(outcome => outcome != "won"), Is.All.EqualTo("GIFT_CODE_REDEEMED"));
        var balances = await Task.WhenAll(redeemers.Select(account => Writer.GetBalanceAsync(account)));
        Assert.That(balances.Sum(balance => balance.Available), Is.EqualTo(50), "the escrow arrived once");
    }

    [Test]
    public async Task A_bulk_gift_moves_to_every_recipient_or_refuses_naming_the_bad_one_and_moves_nothing()
    {
        var (team, a, b) = (NewAccount("org"), NewAccount(), NewAccount());
        await Grant(team, 100);
        var request = new BulkGiftRequest { FromAccountId = team, IdempotencyKey = NewKey(), Note = "Q4" };
        request.Recipients.Add(new BulkGiftRecipient { AccountId = a, Amount = 30 });
        request.Recipients.Add(new BulkGiftRecipient { AccountId = b, Amount = 20 });
        var bad = new BulkGiftRequest(request) { IdempotencyKey = NewKey() };
        bad.Recipients.Add(new BulkGiftRecipient { AccountId = a, Amount = 1 });

        var refused = await RpcFailure(() => Gifts.BulkGiftAsync(bad, Writing).ResponseAsync);
        var readOnly = await RpcFailure(() => Gifts.BulkGiftAsync(request, LedgerServer.Bearer(TestKeys.Reader)).ResponseAsync);
        var gifted = await Gifts.BulkGiftAsync(request, Writing);

        Assert.That((refused.StatusCode, ErrorInfoOf(refused).Metadata["field"]), Is.EqualTo((StatusCode.InvalidArgument, "recipients[2].account_id")));
        Assert.That(ErrorInfoOf(readOnly).Reason, Is.EqualTo("SCOPE_MISSING"));
        Assert.That((gifted.Moved, gifted.Recipients, gifted.FromBalance.Available), Is.EqualTo((50L, 2, 50L)));
        Assert.That(await Gifts.BulkGiftAsync(request, Writing), Is.EqualTo(gifted), "a retry answers the same");
        Assert.That(((await Writer.GetBalanceAsync(a)).Available, (await Writer.GetBalanceAsync(b)).Available), Is.EqualTo((30L, 20L)));
        Assert.That((await History(a)).Single().Kind, Is.EqualTo(EntryKind.TransferIn));
    }
}
