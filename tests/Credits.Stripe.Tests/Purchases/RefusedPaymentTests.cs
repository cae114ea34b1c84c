using Credits.Ledger;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using LedgerBucket = Credits.Ledger.Lots.Bucket;
using Credits.Stripe.Tests.Support;
using Credits.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.Stripe.Tests.Purchases;

/// <summary>
/// Issue 13, payments: a paid event the ledger refuses for good (here: the account at its 10^15
/// credit cap) used to answer 500 with an empty body on every delivery, leaving nothing to replay
/// once Stripe stopped retrying. Now it is answered 200, kept with the ledger's reason, listed, and
/// replayed exactly once after the cause is fixed, however many replays run at once.
/// </summary>
public sealed class RefusedPaymentTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private const long GrantMax = 1_000_000_000_000;
    private const long AccountTotalMax = 1_000_000_000_000_000;

    private static Metadata AdminHeaders => StripeTestServer.Bearer(StripeTestServer.AdminKey);

    // Fills the account to the cap: one batch of the largest grants allowed.
    private async Task FillToTheCap(string account)
    {
        var ledger = Server.App.Services.GetRequiredService<CreditLedger>();
        var grants = Enumerable.Range(0, (int)(AccountTotalMax / GrantMax))
            .Select(i => (LedgerCommand)new GrantCommand("test", account, GrantMax, LedgerBucket.Gift, null, null, "fill", $"fill-{i}",
                new Dictionary<string, string>()))
            .ToList();
        var outcomes = await ledger.ExecuteBatchAsync(grants);
        Assert.That(outcomes.All(outcome => outcome.Error is null), "the account is filled to its cap");
    }

    private async Task<UnappliedEvent?> Kept(string eventId, bool includeReplayed = false)
    {
        var request = new ListUnappliedEventsRequest { PageSize = 200, IncludeReplayed = includeReplayed };
        do
        {
            var page = await Server.Admin.ListUnappliedEventsAsync(request, AdminHeaders);
            if (page.Events.FirstOrDefault(kept => kept.EventId == eventId) is { } found)
            {
                return found;
            }
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return null;
    }

    [Test]
    public async Task A_paid_checkout_the_ledger_refuses_is_answered_200_kept_with_its_reason_and_replayed_once_after_the_fix()
    {
        var account = NewAccount();
        await FillToTheCap(account);
        var payment = Payment.New();
        await Sell(account, payment);
        var eventId = StripeObjects.NewId("evt_");
        var body = StripeObjects.Event("checkout.session.completed",
            StripeObjects.CheckoutSession(payment, account, TestPacks.Starter, TestPacks.StarterAmount), Now, eventId);

        using var first = await PostSigned(body);
        using var redelivered = await PostSigned(body);

        Assert.That(await OutcomeOf(first), Is.EqualTo("unapplied"), "200, so Stripe stops retrying: the event is kept here instead");
        Assert.That(await OutcomeOf(redelivered), Is.EqualTo("duplicate"), "the event is recorded");
        Assert.That((await Balance(account)).Available, Is.EqualTo(AccountTotalMax));
        var kept = await Kept(eventId);
        Assert.That(kept, Is.Not.Null, "listed for an operator");
        Assert.That(kept!.Reason, Is.EqualTo("ledger_refused"));
        Assert.That(kept.Detail, Does.StartWith("INVALID_REQUEST: The account would hold more than"));
        var stillFull = await Server.Admin.ReplayUnappliedEventAsync(new ReplayUnappliedEventRequest { EventId = eventId }, AdminHeaders);
        Assert.That(stillFull.Outcome, Is.EqualTo("unapplied"), "a replay before the fix changes nothing");

        await Spend(account, GrantMax);
        var replays = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Server.Admin.ReplayUnappliedEventAsync(new ReplayUnappliedEventRequest { EventId = eventId }, AdminHeaders).ResponseAsync));
        var again = await Server.Admin.ReplayUnappliedEventAsync(new ReplayUnappliedEventRequest { EventId = eventId }, AdminHeaders);

        Assert.That(replays.Count(replay => replay.Outcome == "applied"), Is.EqualTo(1), "concurrent replays apply once");
        Assert.That(again.Outcome, Is.EqualTo("duplicate"));
        Assert.That((await Balance(account)).Available, Is.EqualTo(AccountTotalMax - GrantMax + TestPacks.StarterCredits));
        Assert.That((await History(account)).Count(entry => entry.Kind == EntryKind.Grant && entry.IdempotencyKey == $"stripe:purchase:{payment.SessionId}"),
            Is.EqualTo(1), "one purchase lot");
        Assert.That(await Outbox(account), Has.Count.EqualTo(1), "one receipt");
        Assert.That((await Kept(eventId))?.EventId, Is.Null, "no longer waiting");
        Assert.That((await Kept(eventId, includeReplayed: true))!.ReplayOutcome, Is.EqualTo("applied"));
    }
}
