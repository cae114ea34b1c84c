using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;

namespace Credits.Server.Tests.Json;

/// <summary>
/// The HTTP/JSON face of LedgerService (gRPC JSON transcoding of the google.api.http routes): the
/// same operations, rules, keys and ErrorInfo reasons as over gRPC, for callers with only an HTTP client.
/// </summary>
public sealed class JsonFaceTests(DatabaseProvider provider) : JsonFixture(provider)
{
    [Test]
    public async Task Grant_adds_credits_and_returns_the_lot_and_the_balance_after()
    {
        var account = NewAccount();

        var granted = await Read<GrantResponse>(await PostJson($"/v1/accounts/{account}/grants",
            $$"""{"amount": 100, "bucket": "BUCKET_PURCHASED", "idempotencyKey": "{{NewKey()}}"}"""));

        Assert.That(granted.LotId, Is.Not.Empty);
        Assert.That(granted.Balance.AccountId, Is.EqualTo(account));
        Assert.That(granted.Balance.Available, Is.EqualTo(100));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(100), "the same ledger gRPC reads");
    }

    [Test]
    public async Task Reserve_then_commit_of_part_debits_that_part_and_returns_the_rest()
    {
        var account = NewAccount();
        await Grant(account, 100);

        var hold = await Read<ReserveResponse>(await PostJson($"/v1/accounts/{account}/reservations",
            $$"""{"amount": 30, "ttl": "60s", "idempotencyKey": "{{NewKey()}}"}"""));
        var committed = await Read<CommitResponse>(await PostJson($"/v1/holds/{hold.HoldId}:commit", """{"amount": 20}"""));

        Assert.That(hold.Amount, Is.EqualTo(30));
        Assert.That(hold.Balance.Held, Is.EqualTo(30));
        Assert.That(committed.Committed, Is.EqualTo(20));
        Assert.That(committed.Released, Is.EqualTo(10));
        Assert.That(committed.Balance.Available, Is.EqualTo(80));
        Assert.That(committed.Balance.Held, Is.Zero);
    }

    [Test]
    public async Task Reserve_by_feature_is_priced_by_the_server_catalogue_and_release_gives_it_all_back()
    {
        var account = NewAccount();
        await Grant(account, 100);

        var hold = await Read<ReserveResponse>(await PostJson($"/v1/accounts/{account}/reservations",
            $$"""{"feature": "{{LedgerServer.Feature}}", "quantity": 2, "idempotencyKey": "{{NewKey()}}"}"""));
        var released = await Read<ReleaseResponse>(await PostJson($"/v1/holds/{hold.HoldId}:release", "{}"));

        Assert.That(hold.Amount, Is.EqualTo(2 * LedgerServer.FeaturePrice));
        Assert.That(released.Released, Is.EqualTo(2 * LedgerServer.FeaturePrice));
        Assert.That(released.Balance.Available, Is.EqualTo(100));
    }

    [Test]
    public async Task GetBalance_reads_the_balance_with_its_buckets()
    {
        var account = NewAccount();
        await Grant(account, 40, Bucket.Gift);
        await Reserve(account, 15);

        var balance = (await Read<GetBalanceResponse>(await GetJson($"/v1/accounts/{account}/balance", TestKeys.Reader))).Balance;

        Assert.That(balance.Available, Is.EqualTo(25));
        Assert.That(balance.Held, Is.EqualTo(15));
        Assert.That(balance.Buckets.Single().Bucket, Is.EqualTo(Bucket.Gift));
    }

    [Test]
    public async Task A_grant_retried_with_the_same_idempotency_key_is_applied_once_and_answered_the_same()
    {
        var account = NewAccount();
        var body = $$"""{"amount": 50, "bucket": "BUCKET_PURCHASED", "idempotencyKey": "{{NewKey()}}"}""";

        var first = await Read<GrantResponse>(await PostJson($"/v1/accounts/{account}/grants", body));
        var retry = await Read<GrantResponse>(await PostJson($"/v1/accounts/{account}/grants", body));

        Assert.That(retry, Is.EqualTo(first));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(50));
    }

    [Test]
    public async Task Insufficient_credits_is_400_with_the_reason_and_its_metadata_in_the_json_body()
    {
        var account = NewAccount();
        await Grant(account, 10);

        var (status, info) = await ReadError(await PostJson($"/v1/accounts/{account}/reservations",
            $$"""{"amount": 11, "idempotencyKey": "{{NewKey()}}"}"""), 400);

        Assert.That(status.Code, Is.EqualTo((int)Grpc.Core.StatusCode.FailedPrecondition));
        Assert.That(info.Reason, Is.EqualTo("INSUFFICIENT_CREDITS"));
        Assert.That(info.Domain, Is.EqualTo("credits.v1"));
        Assert.That(info.Metadata["available"], Is.EqualTo("10"));
        Assert.That(info.Metadata["requested"], Is.EqualTo("11"));
    }

    [Test]
    public async Task An_unknown_hold_is_404_HOLD_NOT_FOUND()
    {
        var (_, info) = await ReadError(await PostJson("/v1/holds/hold_unknown:commit", "{}"), 404);

        Assert.That(info.Reason, Is.EqualTo("HOLD_NOT_FOUND"));
        Assert.That(info.Metadata["holdId"], Is.EqualTo("hold_unknown"));
    }

    [Test]
    public async Task Bad_input_is_400_INVALID_REQUEST_naming_the_field()
    {
        var (status, info) = await ReadError(await PostJson($"/v1/accounts/{NewAccount()}/grants",
            $$"""{"amount": 5, "idempotencyKey": "{{NewKey()}}"}"""), 400);

        Assert.That(info.Reason, Is.EqualTo("INVALID_REQUEST"));
        var field = status.Details.Select(detail => detail.TryUnpack<Google.Rpc.BadRequest>(out var bad) ? bad : null).Single(found => found is not null)!;
        Assert.That(field.FieldViolations.Select(violation => violation.Field), Does.Contain("bucket"));
    }

    [Test]
    public async Task A_call_without_an_api_key_is_401_API_KEY_MISSING()
    {
        var (status, info) = await ReadError(await GetJson($"/v1/accounts/{NewAccount()}/balance", apiKey: null), 401);

        Assert.That(status.Code, Is.EqualTo((int)Grpc.Core.StatusCode.Unauthenticated));
        Assert.That(info.Reason, Is.EqualTo("API_KEY_MISSING"));
    }

    [Test]
    public async Task An_unknown_api_key_is_401_API_KEY_INVALID()
    {
        var (_, info) = await ReadError(await GetJson($"/v1/accounts/{NewAccount()}/balance", TestKeys.Unknown), 401);

        Assert.That(info.Reason, Is.EqualTo("API_KEY_INVALID"));
    }

    [Test]
    public async Task A_key_without_the_write_scope_is_403_SCOPE_MISSING_and_grants_nothing()
    {
        var account = NewAccount();

        var (_, info) = await ReadError(await PostJson($"/v1/accounts/{account}/grants",
            $$"""{"amount": 5, "bucket": "BUCKET_GIFT", "idempotencyKey": "{{NewKey()}}"}""", TestKeys.Reader), 403);

        Assert.That(info.Reason, Is.EqualTo("SCOPE_MISSING"));
        Assert.That(info.Metadata["scope"], Is.EqualTo(TestKeys.ScopeWrite));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.Zero);
    }
}
