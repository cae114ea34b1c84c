using System.Collections.Frozen;
using Credits.Server.Auth;
using Credits.V1;

namespace Credits.Server.Mapping;

/// <summary>
/// What a person holding an end-user token sees of their own account (issue 13): the one place that
/// decides it. Balances are theirs in full. A journal entry shows what happened to their credits
/// and when; who or what inside the product caused it does not concern them, and some of it is
/// sensitive: the actor is an API key's name, the idempotency key and metadata are internal to the
/// calling service, the reference may be another person's account (a transfer) or a payment id,
/// and lot and hold ids are handles for internal callers only.
/// </summary>
internal static class EndUserView
{
    // An allow-list, so that a field added to JournalEntry later stays hidden from end users until
    // someone decides otherwise here.
    private static readonly FrozenSet<int> VisibleEntryFields = new[]
    {
        JournalEntry.SequenceFieldNumber,       // the resume cursor of StreamHistory
        JournalEntry.KindFieldNumber,
        JournalEntry.AmountFieldNumber,
        JournalEntry.AvailableAfterFieldNumber,
        JournalEntry.HeldAfterFieldNumber,
        JournalEntry.OwedAfterFieldNumber,
        JournalEntry.BucketFieldNumber,
        JournalEntry.CreatedAtFieldNumber,
        JournalEntry.FeatureFieldNumber,        // what the credits paid for: the catalogue name the product prices
    }.ToFrozenSet();

    /// <summary>The entry as <paramref name="caller"/> may see it: unchanged for API keys, reduced for end users.</summary>
    public static JournalEntry For(ApiCaller caller, JournalEntry entry) => EndUserAccess.IsEndUser(caller) ? Reduce(entry) : entry;

    private static JournalEntry Reduce(JournalEntry entry)
    {
        var reduced = new JournalEntry();
        foreach (var field in JournalEntry.Descriptor.Fields.InFieldNumberOrder())
        {
            if (VisibleEntryFields.Contains(field.FieldNumber))
            {
                field.Accessor.SetValue(reduced, field.Accessor.GetValue(entry));
            }
        }
        return reduced;
    }
}
