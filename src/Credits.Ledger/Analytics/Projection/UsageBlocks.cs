using Credits.Ledger.Engine;
using Credits.Ledger.Journal;

namespace Credits.Ledger.Analytics.Projection;

/// <summary>The usage blocks of a decided batch, taken from its new journal entries before they are written.</summary>
internal static class UsageBlocks
{
    public static List<UsageBlock> Of(Batch batch)
    {
        var blocks = new List<UsageBlock>();
        foreach (var account in batch.Accounts.Values)
        {
            if (account.LastUsageSequence == account.LoadedUsageSequence)
            {
                continue;
            }
            var tally = new UsageTally();
            foreach (var entry in account.NewEntries)
            {
                if (entry.Kind == EntryKind.Commit)
                {
                    tally.AddCommit(Clock.ToMs(entry.CreatedAt), entry.Feature, entry.Amount);
                }
                else if (entry.Kind == EntryKind.Refund)
                {
                    // A refund counts on its commit's day: the hold it names is loaded, ended.
                    var committedAt = account.TryGetHold(entry.HoldId, out var hold) && hold.EndedAt is { } endedAt
                        ? Clock.ToMs(endedAt)
                        : throw new InvalidOperationException($"Refund entry {entry.AccountId}#{entry.Sequence} names hold {entry.HoldId}, which the batch did not load as ended.");
                    tally.AddRefund(committedAt, entry.Feature, entry.Amount);
                }
            }
            blocks.Add(new UsageBlock(account.AccountId, account.LoadedUsageSequence, account.LastUsageSequence, tally));
        }
        return blocks;
    }
}
