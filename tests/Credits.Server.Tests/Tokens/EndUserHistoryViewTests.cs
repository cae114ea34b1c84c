using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Tokens;

/// <summary>
/// What a person sees of their own journal through an end-user token (issue 13): what happened to
/// their credits (kind, amount, balance after, bucket, time, feature, the resume cursor), never who
/// inside the product caused it or the internal handles of the calling services. Before, a token
/// saw every entry's actor (API key names), idempotency key, reference and metadata. API keys keep
/// the full entry. The view touches no database, so one provider (SQLite) suffices.
/// </summary>
[TestFixture(Transport.Grpc)]
[TestFixture(Transport.GrpcWeb)]
public sealed class EndUserHistoryViewTests(Transport transport)
{
    private const string SecretReference = "cs_test_internal_reference";
    private const string SecretKey = "billing-run-2026-01-internal";

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

    private static Metadata Bearer(string credential) => LedgerServer.Bearer(credential);

    /// <summary>A grant carrying every internal detail, then a reserve and a partial commit of it.</summary>
    private async Task<string> AccountWithHistory()
    {
        var user = $"user:{Guid.NewGuid():N}";
        var grant = new GrantRequest
        {
            AccountId = user, Amount = 50, Bucket = Bucket.Purchased, Reference = SecretReference, IdempotencyKey = SecretKey,
            Metadata = { ["campaign"] = "internal-margin-test" },
        };
        await _writer.GrantAsync(grant, Bearer(TestKeys.Writer));
        var hold = await _writer.ReserveAsync(new ReserveRequest { AccountId = user, Amount = 20, IdempotencyKey = $"r-{Guid.NewGuid():N}" },
            Bearer(TestKeys.Writer));
        await _writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId, Amount = 15 }, Bearer(TestKeys.Writer));
        return user;
    }

    private static async Task<List<JournalEntry>> Read(LedgerService.LedgerServiceClient client, string account, string credential)
    {
        using var call = client.StreamHistory(new StreamHistoryRequest { AccountId = account }, Bearer(credential));
        var entries = new List<JournalEntry>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            entries.Add(call.ResponseStream.Current.Entry);
        }
        return entries;
    }

    [Test]
    public async Task An_end_user_sees_no_actor_idempotency_key_reference_metadata_or_internal_ids()
    {
        var user = await AccountWithHistory();

        var entries = await Read(_client, user, EndUserTokens.Mint(user, _server.Time.GetUtcNow()));

        Assert.That(entries, Has.Count.EqualTo(3));
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Actor), Has.All.Empty, "actor (API key names)");
            Assert.That(entries.Select(e => e.IdempotencyKey), Has.All.Empty, "idempotency_key");
            Assert.That(entries.Select(e => e.Reference), Has.All.Empty, "reference");
            Assert.That(entries.Select(e => e.Metadata.Count), Has.All.Zero, "metadata");
            Assert.That(entries.Select(e => e.LotId), Has.All.Empty, "lot_id");
            Assert.That(entries.Select(e => e.HoldId), Has.All.Empty, "hold_id");
            Assert.That(entries.Select(e => e.Parts.Count), Has.All.Zero, "parts (lot ids)");
        });
    }

    [Test]
    public async Task An_end_user_sees_what_happened_to_their_credits_and_when()
    {
        var user = await AccountWithHistory();

        var entries = await Read(_client, user, EndUserTokens.Mint(user, _server.Time.GetUtcNow()));

        Assert.That(entries.Select(e => e.Sequence), Is.EqualTo((long[])[1, 2, 3]), "the cursor to resume from");
        Assert.That(entries.Select(e => e.Kind), Is.EqualTo((EntryKind[])[EntryKind.Grant, EntryKind.Reserve, EntryKind.Commit]));
        Assert.That(entries.Select(e => e.Amount), Is.EqualTo((long[])[50, 0, -15]));
        Assert.That(entries.Select(e => e.AvailableAfter), Is.EqualTo((long[])[50, 30, 35]));
        Assert.That(entries.Select(e => e.HeldAfter), Is.EqualTo((long[])[0, 20, 0]));
        Assert.That(entries[0].Bucket, Is.EqualTo(Bucket.Purchased));
        Assert.That(entries.Select(e => e.CreatedAt), Has.All.Not.Null);
    }

    [Test]
    public async Task An_api_key_still_sees_the_whole_entry()
    {
        var user = await AccountWithHistory();

        var grant = (await Read(_writer, user, TestKeys.Writer))[0];

        Assert.That(grant.Actor, Is.EqualTo(TestKeys.WriterName));
        Assert.That(grant.IdempotencyKey, Is.EqualTo(SecretKey));
        Assert.That(grant.Reference, Is.EqualTo(SecretReference));
        Assert.That(grant.Metadata["campaign"], Is.EqualTo("internal-margin-test"));
        Assert.That(grant.LotId, Is.Not.Empty);
    }
}
