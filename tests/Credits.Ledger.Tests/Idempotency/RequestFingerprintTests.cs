using Credits.Ledger.Commands;
using Credits.Ledger.Lots;
using Credits.Ledger.Rules;

namespace Credits.Ledger.Tests.Idempotency;

/// <summary>
/// Fingerprints are stored with every idempotency record, so a change to how one is computed
/// turns the retries of requests already answered into IDEMPOTENCY_KEY_REUSED.
/// </summary>
public sealed class RequestFingerprintTests
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    private static GrantCommand Grant() => new("caller", "user:1", 100, Bucket.Purchased, null, null, "ref", "key", NoMetadata);

    private static string Fingerprint(GrantCommand command) => new GrantRule().Fingerprint(command);

    [Test]
    public void A_plain_grant_keeps_the_fingerprint_records_were_stored_with_before_subscriptions()
    {
        // SHA-256 of the length-prefixed fields grant|user:1|100|3|-|-|ref|{} (the digest of 2026112401).
        Assert.That(Fingerprint(Grant()), Is.EqualTo("3b6a6dd8ae591471a4b6c10cc44d68dd3711885ab119d5816df118e0704eedd1"));
    }

    [Test]
    public void Rollover_terms_are_part_of_a_grants_fingerprint()
    {
        var withRollover = Grant() with { Rollover = new RolloverTerms(50, DateTimeOffset.UnixEpoch.AddDays(60)) };

        Assert.That(Fingerprint(withRollover), Is.Not.EqualTo(Fingerprint(Grant())));
    }
}
