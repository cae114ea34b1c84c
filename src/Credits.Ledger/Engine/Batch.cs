using Credits.Ledger.Accounts;
using Credits.Ledger.Data.Rows;

namespace Credits.Ledger.Engine;

/// <summary>Everything one transaction loaded and changed, keyed for the deciders.</summary>
internal sealed class Batch(RuleContext context)
{
    public RuleContext Context { get; } = context;

    /// <summary>The locked accounts, by id.</summary>
    public Dictionary<string, Account> Accounts { get; } = new(StringComparer.Ordinal);

    /// <summary>The account of every hold a command names and that exists.</summary>
    public Dictionary<string, string> HoldAccounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Idempotency keys loaded or claimed in this batch.</summary>
    public Dictionary<IdempotencyKeyId, IdempotencyRow> Keys { get; } = [];

    /// <summary>Keys this batch claimed; <c>true</c> when the row replaces an expired one.</summary>
    public Dictionary<IdempotencyKeyId, bool> ClaimedKeys { get; } = [];

    /// <summary>Messages the batch's successful commands send once it commits.</summary>
    public List<OutboxRow> Outbox { get; } = [];

    /// <summary>A caller's reservation by id, with its account; null when none was loaded (a freeze is not a caller's hold).</summary>
    public (Account Account, Holds.Hold Hold)? FindReservation(string holdId)
    {
        if (HoldAccounts.TryGetValue(holdId, out var accountId)
            && Accounts[accountId].TryGetHold(holdId, out var hold)
            && hold.Purpose == Holds.HoldPurpose.Reservation)
        {
            return (Accounts[accountId], hold);
        }
        return null;
    }
}

/// <summary>Idempotency keys are scoped by account and caller.</summary>
internal readonly record struct IdempotencyKeyId(string AccountId, string Caller, string Key);
