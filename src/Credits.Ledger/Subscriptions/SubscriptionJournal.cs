using Credits.Ledger.Commands;
using Credits.Ledger.Data.Subscriptions;
using Credits.Ledger.Engine;
using Credits.Ledger.Outbox;

namespace Credits.Ledger.Subscriptions;

// Makes each subscription change reach the ledger once: the ledger commands are sent under a key,
// then a grant record is written under the same key, and while the record exists the change is not
// made again. A crash between the two repeats the same keyed commands, which the ledger answers
// from its idempotency record; so a report delivered twice, late, or concurrently changes the
// ledger once.
internal sealed class SubscriptionJournal(CreditLedger ledger, SubscriptionRepository repository, TimeProvider time)
{
    // Runs act once per (account, key); act sends the ledger commands keyed by the key it is given
    // and returns the credits granted and the lot they went to (zero and null for a note).
    public async Task<bool> OnceAsync(string accountId, string subscriptionId, string key, SubscriptionGrantKind kind, string tierId,
        DateTimeOffset periodStart, DateTimeOffset periodEnd, Func<string, Task<(long Amount, string? LotId)>> act, CancellationToken cancellationToken)
    {
        if (await repository.HasGrantAsync(accountId, key, cancellationToken))
        {
            return false;
        }
        var (amount, lotId) = await act(key);
        await repository.RecordGrantAsync(new SubscriptionGrant(accountId, key, subscriptionId, kind, tierId, amount, lotId, periodStart, periodEnd,
            Clock.Now(time)), cancellationToken);
        return true;
    }

    // Journals a note (no balance change) once per key, with its metadata and an optional email.
    public Task<bool> NoteOnceAsync(Subscription subscription, string key, SubscriptionGrantKind kind, string tierId, string actor,
        string reference, Dictionary<string, string> metadata, OutboxMessage? email, CancellationToken cancellationToken) =>
        NoteOnceAsync(subscription.AccountId, subscription.SubscriptionId, key, kind, tierId, subscription.PeriodStart, subscription.PeriodEnd,
            actor, reference, metadata, email, cancellationToken);

    public Task<bool> NoteOnceAsync(string accountId, string subscriptionId, string key, SubscriptionGrantKind kind, string tierId,
        DateTimeOffset periodStart, DateTimeOffset periodEnd, string actor, string reference, Dictionary<string, string> metadata,
        OutboxMessage? email, CancellationToken cancellationToken) =>
        OnceAsync(accountId, subscriptionId, key, kind, tierId, periodStart, periodEnd, async noteKey =>
        {
            await ledger.NoteAsync(new NoteCommand(actor, accountId, reference, noteKey, metadata) { Notification = email }, cancellationToken);
            return (0, null);
        }, cancellationToken);
}
