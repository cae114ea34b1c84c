using Credits.Ledger.Clawbacks;
using Credits.Ledger.Commands;
using Credits.Ledger.Holds;
using Credits.Ledger.Journal;
using Credits.Ledger.Leads;
using Credits.Ledger.Transfers;

namespace Credits.Ledger.Tests.Rules;

/// <summary>
/// Fingerprints are stored with every idempotency key: if a rule digested other fields than the
/// records were stored with, every retry of an answered request would turn into
/// IDEMPOTENCY_KEY_REUSED. Each expected digest is SHA-256 over the length-prefixed fields named in
/// its case, computed independently of the code under test.
/// </summary>
public sealed class FingerprintStabilityTests
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    [Test]
    public void A_reserve_by_amount_digests_account_amount_feature_quantity_ttl_and_metadata()
    {
        // reserve|user:1|5||0|-|{}
        var command = new ReserveCommand("caller", "user:1", 5, null, 0, null, "key", NoMetadata);

        Assert.That(new ReserveRule().Fingerprint(command), Is.EqualTo("86b0ea1d5b1b54d71dfb051b27c5b274258020ad7bc6b7e47eea717b74c9fb37"));
    }

    [Test]
    public void A_reserve_by_feature_digests_the_feature_and_quantity_not_the_price()
    {
        // reserve|user:1|-|image.generate|3|60000|{}
        var command = new ReserveCommand("caller", "user:1", null, "image.generate", 3, TimeSpan.FromMinutes(1), "key", NoMetadata);

        Assert.That(new ReserveRule().Fingerprint(command with { PricedAmount = 15 }),
            Is.EqualTo("143fc7d827659a3445088c0523a6629f824a9303a96eb99f013ec2331633ec9e"));
    }

    [Test]
    public void A_lead_claim_digests_the_lead_and_the_user()
    {
        // claim-lead|lead:1|user:1
        Assert.That(new ClaimLeadRule().Fingerprint(new ClaimLeadCommand("caller", "lead:1", "user:1", "key")),
            Is.EqualTo("72fb26bf7b9c57e30d2d5663c77bd3e8fb3c93ee07cc2df02df4c8f46598c5d6"));
    }

    [Test]
    public void A_transfer_digests_sender_receiver_amount_and_note()
    {
        // transfer|user:1|user:2|30|thanks
        Assert.That(new TransferRule().Fingerprint(new TransferCommand("caller", "user:1", "user:2", 30, "key", "thanks")),
            Is.EqualTo("69d481ff7c614720fbd619f347687e9a8903f6b10c6d09e00a7f39924bdbb6af"));
    }

    [Test]
    public void A_clawback_digests_account_amount_lot_reference_and_metadata()
    {
        // clawback|user:1|7|lot_1|re_1|{}
        Assert.That(new ClawbackRule().Fingerprint(new ClawbackCommand("caller", "user:1", 7, "lot_1", "re_1", "key", NoMetadata)),
            Is.EqualTo("a7395f784f7dd1ddf9c99e364ad268eeeb01219f45fb3bd5cee807938275fdb3"));
    }

    [Test]
    public void A_note_digests_account_reference_and_metadata()
    {
        // note|user:1|cs_1|{}
        Assert.That(new NoteRule().Fingerprint(new NoteCommand("caller", "user:1", "cs_1", "key", NoMetadata)),
            Is.EqualTo("620829b4c0f443ab4d41ba1f74c81619b93479c7f131bbec828902f6733aa092"));
    }

    [Test]
    public void A_reversal_freeze_and_unfreeze_digest_their_account_and_reference()
    {
        Assert.Multiple(() =>
        {
            // reverse-clawback|user:1|re_1
            Assert.That(new ReverseClawbackRule().Fingerprint(new ReverseClawbackCommand("caller", "user:1", "re_1", "key")),
                Is.EqualTo("ae763170aa49736b9559bf44890b7578ffcb33d4c4f98d7baf60efdb91567223"));
            // freeze|user:1|lot_1|dp_1
            Assert.That(new FreezeRule().Fingerprint(new FreezeCommand("caller", "user:1", "lot_1", "dp_1", "key")),
                Is.EqualTo("e573759d169fcd461579af515d98df5ea4f1fffbea45432009d28a7030ad8d9f"));
            // unfreeze|user:1|dp_1
            Assert.That(new UnfreezeRule().Fingerprint(new UnfreezeCommand("caller", "user:1", "dp_1", "key")),
                Is.EqualTo("b5b19cb8da79fc041b7377f3091b4d4e04409cfddcc023ae60ea02f0fb38a8a2"));
        });
    }
}
