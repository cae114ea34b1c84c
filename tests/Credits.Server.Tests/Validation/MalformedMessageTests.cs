using System.IO.Compression;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Credits.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;

namespace Credits.Server.Tests.Validation;

/// <summary>
/// Request bodies no generated client sends, written byte by byte to the real server (issue 13):
/// every one is answered INVALID_ARGUMENT with the MALFORMED_REQUEST reason and changes nothing.
/// Before, a message protobuf could not parse was UNKNOWN ("Exception was thrown by handler") and a
/// truncated or trailing frame INTERNAL; a message over the size limit stays RESOURCE_EXHAUSTED and
/// an encoding the server lacks UNIMPLEMENTED, as gRPC documents them.
/// </summary>
public sealed class MalformedMessageTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private const string GrantPath = "/credits.v1.LedgerService/Grant";
    private const string StreamHistory = "/credits.v1.LedgerService/StreamHistory";
    private const string HealthCheck = "/grpc.health.v1.Health/Check";
    private const string Reflection = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
    private const string MalformedRequest = "MALFORMED_REQUEST";

    private async Task<RawReply> CallAsync(string path, byte[] body, string? bearer, Dictionary<string, string>? headers = null)
    {
        using var raw = new RawGrpc(Server.Address);
        return await raw.CallAsync(path, body, bearer, headers);
    }

    private static byte[] ValidGrant(string account) => new GrantRequest
    {
        AccountId = account,
        Amount = 100,
        Bucket = Bucket.Purchased,
        IdempotencyKey = NewKey(),
    }.ToByteArray();

    private static IEnumerable<TestCaseData> MalformedGrantBodies()
    {
        // Field 1 (account_id) holds 0xC3 0x28: a UTF-8 lead byte followed by a non-continuation byte.
        yield return Case("a string field that is not UTF-8", _ => RawGrpc.Frame([0x0A, 0x02, 0xC3, 0x28]));
        // The last field (idempotency_key, a string) promises one byte more than the message holds.
        yield return Case("a message truncated inside its last field", account => RawGrpc.Frame(ValidGrant(account).AsSpan(..^1)));
        // Tag of field 1 with wire type 7, which does not exist.
        yield return Case("a wire type that does not exist", _ => RawGrpc.Frame([0x0F, 0x01]));
        // End-group (wire type 4) with no group started.
        yield return Case("an end-group tag with no group open", _ => RawGrpc.Frame([0x0C]));
        yield return Case("field number zero", _ => RawGrpc.Frame([0x00, 0x01]));
        yield return Case("an empty body", _ => []);
        yield return Case("a body ending inside the 5-byte prefix", _ => [0, 0, 0]);
        yield return Case("a prefix promising more bytes than follow", account => RawGrpc.Frame(ValidGrant(account))[..^3]);
        yield return Case("a second frame after the message", account => [.. RawGrpc.Frame(ValidGrant(account)), .. RawGrpc.Frame([])]);
        yield return Case("a compressed flag of 2", account => [2, .. RawGrpc.Frame(ValidGrant(account))[1..]]);
        yield return Case("a compressed message without grpc-encoding", account => RawGrpc.Frame(Gzip(ValidGrant(account)), compressed: true));
        yield return Case("a compressed message that is not gzip", _ => RawGrpc.Frame([1, 2, 3, 4, 5, 6, 7, 8], compressed: true),
            encoding: "gzip");

        static TestCaseData Case(string name, Func<string, byte[]> body, string? encoding = null) =>
            new TestCaseData(body, encoding).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(MalformedGrantBodies))]
    public async Task A_malformed_grant_body_is_INVALID_ARGUMENT_and_grants_nothing(Func<string, byte[]> body, string? encoding)
    {
        var account = NewAccount();
        var headers = encoding is null ? null : new Dictionary<string, string> { ["grpc-encoding"] = encoding };

        var reply = await CallAsync(GrantPath, body(account), TestKeys.Writer, headers);

        Assert.That(reply.Status, Is.EqualTo(StatusCode.InvalidArgument), reply.ToString());
        Assert.That(reply.Reason, Is.EqualTo(MalformedRequest), reply.ToString());
        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.Zero, "a refused grant adds nothing");
        Assert.That(await History(account), Is.Empty, "a refused grant writes no journal entry");
    }

    [Test]
    public async Task A_well_formed_hand_built_grant_still_succeeds_plain_and_gzip_compressed()
    {
        var account = NewAccount();

        var plain = await CallAsync(GrantPath, RawGrpc.Frame(ValidGrant(account)), TestKeys.Writer);
        var gzip = await CallAsync(GrantPath, RawGrpc.Frame(Gzip(ValidGrant(account)), compressed: true), TestKeys.Writer,
            new Dictionary<string, string> { ["grpc-encoding"] = "gzip" });

        Assert.That(plain.Status, Is.EqualTo(StatusCode.OK), plain.ToString());
        Assert.That(gzip.Status, Is.EqualTo(StatusCode.OK), gzip.ToString());
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(200));
    }

    [Test]
    public async Task A_malformed_body_is_refused_before_authentication()
    {
        var reply = await CallAsync(GrantPath, RawGrpc.Frame([0x0F, 0x01]), bearer: null);

        Assert.That(reply.Status, Is.EqualTo(StatusCode.InvalidArgument), reply.ToString());
        Assert.That(reply.Reason, Is.EqualTo(MalformedRequest));
    }

    [Test]
    public async Task A_malformed_server_streaming_request_is_INVALID_ARGUMENT()
    {
        var reply = await CallAsync(StreamHistory, RawGrpc.Frame([0x0A, 0x02, 0xC3, 0x28]), TestKeys.Writer);

        Assert.That(reply.Status, Is.EqualTo(StatusCode.InvalidArgument), reply.ToString());
        Assert.That(reply.Reason, Is.EqualTo(MalformedRequest));
    }

    [Test]
    public async Task A_malformed_health_check_is_INVALID_ARGUMENT_not_an_answer_for_the_empty_service()
    {
        var valid = await CallAsync(HealthCheck, RawGrpc.Frame(new HealthCheckRequest().ToByteArray()), bearer: null);
        var malformed = await CallAsync(HealthCheck, RawGrpc.Frame([0x0A, 0x05, 0x61]), bearer: null);

        Assert.That(valid.Status, Is.EqualTo(StatusCode.OK), valid.ToString());
        Assert.That(malformed.Status, Is.EqualTo(StatusCode.InvalidArgument), malformed.ToString());
        Assert.That(malformed.Reason, Is.EqualTo(MalformedRequest));
    }

    [Test]
    public async Task A_malformed_message_in_a_request_stream_is_INVALID_ARGUMENT_too()
    {
        // Reflection streams its requests: each message is checked as the handler reads it.
        var notUtf8 = await CallAsync(Reflection, RawGrpc.Frame([0x0A, 0x02, 0xC3, 0x28]), bearer: null);
        var truncated = await CallAsync(Reflection, RawGrpc.Frame([0x0A, 0x02, 0x61, 0x62])[..^1], bearer: null);

        Assert.That(notUtf8.Status, Is.EqualTo(StatusCode.InvalidArgument), notUtf8.ToString());
        Assert.That(notUtf8.Reason, Is.EqualTo(MalformedRequest));
        Assert.That(truncated.Status, Is.EqualTo(StatusCode.InvalidArgument), truncated.ToString());
        Assert.That(truncated.Reason, Is.EqualTo(MalformedRequest));
    }

    [Test]
    public async Task A_message_over_the_size_limit_stays_RESOURCE_EXHAUSTED_as_gRPC_documents()
    {
        var reply = await CallAsync(GrantPath, RawGrpc.Frame(new byte[ServerHost.ReceiveMessageSizeBytesMax + 1]), TestKeys.Writer);

        Assert.That(reply.Status, Is.EqualTo(StatusCode.ResourceExhausted), reply.ToString());
    }

    [Test]
    public async Task A_streamed_message_whose_length_prefix_overflows_is_RESOURCE_EXHAUSTED_not_UNKNOWN()
    {
        // Found by the fuzzing suite: a length of 0xFFFFFFFF made the framework's stream reader throw
        // an IOException, which ended the call UNKNOWN.
        byte[] body = [0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x2A, 0x92];

        var reply = await CallAsync(Reflection, body, bearer: null);

        Assert.That(reply.Status, Is.EqualTo(StatusCode.ResourceExhausted), reply.ToString());
    }

    [Test]
    public async Task A_gzip_bomb_is_RESOURCE_EXHAUSTED_once_it_inflates_past_the_limit()
    {
        var bomb = Gzip(new byte[ServerHost.ReceiveMessageSizeBytesMax * 16]);

        var reply = await CallAsync(GrantPath, RawGrpc.Frame(bomb, compressed: true), TestKeys.Writer,
            new Dictionary<string, string> { ["grpc-encoding"] = "gzip" });

        Assert.That(bomb.Length, Is.LessThan(ServerHost.ReceiveMessageSizeBytesMax), "the compressed body itself is within the limit");
        Assert.That(reply.Status, Is.EqualTo(StatusCode.ResourceExhausted), reply.ToString());
    }

    [Test]
    public async Task An_encoding_the_server_lacks_stays_UNIMPLEMENTED_as_gRPCs_compression_spec_requires()
    {
        var reply = await CallAsync(GrantPath, RawGrpc.Frame(ValidGrant(NewAccount()), compressed: true), TestKeys.Writer,
            new Dictionary<string, string> { ["grpc-encoding"] = "snappy" });

        Assert.That(reply.Status, Is.EqualTo(StatusCode.Unimplemented), reply.ToString());
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
