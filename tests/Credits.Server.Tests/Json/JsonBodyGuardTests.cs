using System.Text;
using Credits.Ledger.Data;

namespace Credits.Server.Tests.Json;

/// <summary>
/// A body that is not JSON of the request message is refused 400 MALFORMED_REQUEST, and one larger
/// than the gRPC message limit 400 REQUEST_TOO_LARGE, before anything runs. Before, transcoding
/// dropped unknown fields silently, answered malformed JSON with a reasonless 400, and read bodies
/// up to 1 MB.
/// </summary>
public sealed class JsonBodyGuardTests(DatabaseProvider provider) : JsonFixture(provider)
{
    private const int BodyBytesMax = 64 * 1024;

    private static IEnumerable<TestCaseData> MalformedBodies()
    {
        yield return new TestCaseData("""{"amount": 10, "bucket": "BUCKET_GIFT", "idempotencyKey": "k1",""", "not valid JSON").SetName("Truncated JSON is refused");
        yield return new TestCaseData("""{"amount": 10, "bucket": "BUCKET_GIFT", "idempotencyKey": "k1", "amuont": 10}""", "Unknown field: amuont").SetName("An unknown field is refused, not ignored");
        yield return new TestCaseData("""{"amount": "ten", "bucket": "BUCKET_GIFT", "idempotencyKey": "k1"}""", "GrantRequest").SetName("A value of the wrong type is refused");
        yield return new TestCaseData("""{"amount": 10, "bucket": "BUCKET_NOPE", "idempotencyKey": "k1"}""", "GrantRequest").SetName("An unknown enum name is refused");
        yield return new TestCaseData("""[1, 2]""", "GrantRequest").SetName("A JSON array is refused");
    }

    [TestCaseSource(nameof(MalformedBodies))]
    public async Task A_body_that_is_not_json_of_the_request_message_is_400_MALFORMED_REQUEST_and_changes_nothing(string body, string why)
    {
        var account = NewAccount();

        var (status, info) = await ReadError(await PostJson($"/v1/accounts/{account}/grants", body), 400);

        Assert.That(status.Code, Is.EqualTo((int)Grpc.Core.StatusCode.InvalidArgument));
        Assert.That(info.Reason, Is.EqualTo("MALFORMED_REQUEST"));
        Assert.That(status.Message, Does.Contain(why));
        Assert.That(await History(account), Is.Empty);
    }

    [Test]
    public async Task A_body_not_sent_as_application_json_is_400_MALFORMED_REQUEST_saying_so()
    {
        var account = NewAccount();
        var form = new StringContent("""{"amount": 10, "bucket": "BUCKET_GIFT", "idempotencyKey": "k1"}""", Encoding.UTF8, "application/x-www-form-urlencoded");

        var (status, info) = await ReadError(await Send(HttpMethod.Post, $"/v1/accounts/{account}/grants", form), 400);

        Assert.That(info.Reason, Is.EqualTo("MALFORMED_REQUEST"));
        Assert.That(status.Message, Does.Contain("content-type: application/json"));
        Assert.That(await History(account), Is.Empty);
    }

    [Test]
    public async Task A_body_over_the_message_limit_is_400_REQUEST_TOO_LARGE_with_the_limit_though_kestrel_would_take_it()
    {
        var account = NewAccount();
        var body = $$"""{"amount": 10, "bucket": "BUCKET_GIFT", "idempotencyKey": "k1", "reference": "{{new string('x', BodyBytesMax)}}"}""";

        var (_, info) = await ReadError(await PostJson($"/v1/accounts/{account}/grants", body), 400);

        Assert.That(info.Reason, Is.EqualTo("REQUEST_TOO_LARGE"));
        Assert.That(info.Metadata["maxBytes"], Is.EqualTo("65536"));
        Assert.That(await History(account), Is.Empty);
    }

    [Test]
    public async Task A_body_over_the_limit_sent_without_a_length_is_refused_the_same()
    {
        var account = NewAccount();
        var body = $$"""{"amount": 10, "bucket": "BUCKET_GIFT", "idempotencyKey": "k1", "reference": "{{new string('x', 2 * BodyBytesMax)}}"}""";
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        chunked.Headers.ContentType = new("application/json");

        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/accounts/{account}/grants") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new("Bearer", Support.TestKeys.Writer);
        var (_, info) = await ReadError(await Http.SendAsync(request), 400);

        Assert.That(info.Reason, Is.EqualTo("REQUEST_TOO_LARGE"));
        Assert.That(await History(account), Is.Empty);
    }

    [Test]
    public async Task A_body_naming_another_account_than_the_path_is_400_INVALID_REQUEST_on_account_id_and_grants_nothing()
    {
        var account = NewAccount();
        var other = NewAccount();

        var (status, info) = await ReadError(await PostJson($"/v1/accounts/{account}/grants",
            $$"""{"accountId": "{{other}}", "amount": 10, "bucket": "BUCKET_GIFT", "idempotencyKey": "k1"}"""), 400);

        Assert.That(info.Reason, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(info.Metadata["field"], Is.EqualTo("account_id"));
        Assert.That(status.Details.Single(detail => detail.Is(Google.Rpc.BadRequest.Descriptor)).Unpack<Google.Rpc.BadRequest>()
            .FieldViolations.Single().Field, Is.EqualTo("account_id"));
        Assert.That(await History(account), Is.Empty);
        Assert.That(await History(other), Is.Empty);
    }

    [Test]
    public async Task A_body_repeating_the_paths_account_is_accepted()
    {
        var account = NewAccount();

        using var response = await PostJson($"/v1/accounts/{account}/grants",
            $$"""{"accountId": "{{account}}", "amount": 10, "bucket": "BUCKET_GIFT", "idempotencyKey": "k1"}""");

        Assert.That((await Read<Credits.V1.GrantResponse>(response)).Balance.Available, Is.EqualTo(10));
    }

    [TestCase("/v1/accounts/{0}/balance?at=2026-01-01T00:00:00Z", "at")]
    [TestCase("/v1/accounts/{0}/balance?accountId=user:someone-else", "accountId")]
    public async Task A_query_parameter_the_route_does_not_read_is_400_MALFORMED_REQUEST_naming_it(string path, string name)
    {
        var (status, info) = await ReadError(await GetJson(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, NewAccount())), 400);

        Assert.That(info.Reason, Is.EqualTo("MALFORMED_REQUEST"));
        Assert.That(status.Message, Does.Contain($"'{name}'"));
    }

    [Test]
    public async Task A_query_parameter_on_a_route_with_a_body_is_400_MALFORMED_REQUEST_and_grants_nothing()
    {
        var account = NewAccount();

        var (status, info) = await ReadError(await PostJson($"/v1/accounts/{account}/grants?amount=1000",
            """{"amount": 10, "bucket": "BUCKET_GIFT", "idempotencyKey": "k1"}"""), 400);

        Assert.That(info.Reason, Is.EqualTo("MALFORMED_REQUEST"));
        Assert.That(status.Message, Does.Contain("send it in the JSON body"));
        Assert.That(await History(account), Is.Empty);
    }

    [Test]
    public async Task A_release_with_no_body_at_all_reads_as_an_empty_request_and_releases()
    {
        var account = NewAccount();
        await Grant(account, 10);
        var hold = await Reserve(account, 4);

        using var response = await Send(HttpMethod.Post, $"/v1/holds/{hold.HoldId}:release", content: null);

        Assert.That((await Read<Credits.V1.ReleaseResponse>(response)).Released, Is.EqualTo(4));
    }
}
