using Credits.Ledger.Subscriptions;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Tests.Subscriptions;

/// <summary>The keys that make every subscription grant happen once.</summary>
public sealed class SubscriptionKeyTests
{
    [Test]
    public void A_key_made_of_long_provider_ids_still_fits_an_idempotency_key_and_stays_distinct()
    {
        var longId = "sub_" + new string('x', 190);

        var upgradeToPro = SubscriptionKeys.Upgrade(longId, 1_767_225_600_000, "pro");
        var upgradeToMax = SubscriptionKeys.Upgrade(longId, 1_767_225_600_000, "max");

        Assert.That(upgradeToPro, Has.Length.LessThanOrEqualTo(Limits.IdempotencyKeyLengthMax));
        Assert.That(upgradeToPro, Is.Not.EqualTo(upgradeToMax));
        Assert.That(SubscriptionKeys.Upgrade(longId, 1_767_225_600_000, "pro"), Is.EqualTo(upgradeToPro), "the same object, the same key");
        Assert.That(SubscriptionKeys.Cancel("sub_short"), Is.EqualTo("subscription:sub_short:cancel"), "short keys stay readable");
    }

    [Test]
    public void A_manual_subscription_id_is_the_same_for_the_same_account_and_start_key_only()
    {
        var first = SubscriptionKeys.ManualId("org:acme", "contract-42");

        Assert.That(SubscriptionKeys.ManualId("org:acme", "contract-42"), Is.EqualTo(first));
        Assert.That(SubscriptionKeys.ManualId("org:acme", "contract-43"), Is.Not.EqualTo(first));
        Assert.That(SubscriptionKeys.ManualId("org:other", "contract-42"), Is.Not.EqualTo(first));
        Assert.That(first, Does.Match("^msub_[A-Za-z0-9_-]{22}$"));
    }
}
