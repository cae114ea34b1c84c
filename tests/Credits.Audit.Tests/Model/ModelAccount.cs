using Credits.Audit.Tests.Support;
using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// The model of one account: its lots, holds and expected journal, and the per-account rules
/// (catching up with time, returning holds, expiring lots, picking and debiting credits). Each rule
/// appends the journal entries the ledger must write, in the order it must write them.
/// </summary>
public sealed class ModelAccount(string id, ModelCoverage coverage)
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private readonly List<ModelLot> _lots = [];
    private readonly List<ModelHold> _holds = [];
    private readonly List<ModelEntry> _journal = [];

    public string Id { get; } = id;
    public bool IsLead { get; } = id.StartsWith("lead:", StringComparison.Ordinal);

    /// <summary>True once the ledger has a row for the account (created by a grant, a lead's first use or a claim).</summary>
    public bool Exists { get; set; }
    public ModelLeadState LeadState { get; private set; }
    public string? ClaimedBy { get; private set; }

    /// <summary>Lots with credits left (spent-out lots are dropped, as the ledger never loads them again).</summary>
    public IReadOnlyList<ModelLot> Lots => _lots;
    public IReadOnlyList<ModelHold> Holds => _holds;
    public IReadOnlyList<ModelEntry> Journal => _journal;

    /// <summary>The last sequence compared with the server's journal.</summary>
    public long CheckedSequence { get; set; }

    /// <summary>Unheld credits of every lot, including expired lots not yet caught up (the stored counter).</summary>
    public long Available => _lots.Sum(lot => lot.Remaining - lot.Held);
    public long Held => _lots.Sum(lot => lot.Held);

    /// <summary>Applies what time and first use have made due: a lead's allowance, expired holds, expired lots.</summary>
    internal void CatchUp(long nowMs)
    {
        if (IsLead && LeadState == ModelLeadState.None)
        {
            GrantAllowance(nowMs);
        }
        var expired = _holds.Where(hold => hold.State == ModelHoldState.Active && hold.IsExpiredAt(nowMs))
            .OrderBy(hold => hold.ExpiresAtMs)
            .ThenBy(hold => hold.Id ?? throw new InvalidOperationException($"Model bug: hold {hold} has no id."), StringComparer.Ordinal)
            .ToList();
        foreach (var hold in expired)
        {
            coverage.Count("hold expired");
            ReturnHold(hold, ModelHoldState.Expired, EntryKind.HoldExpire, AuditConfiguration.SystemActor, nowMs);
        }
        ExpireLots(nowMs);
    }

    internal ModelLot AddLot(Bucket bucket, int priority, long? expiresAtMs, long nowMs, long amount)
    {
        var lot = new ModelLot(Id, bucket, priority, expiresAtMs, nowMs, amount);
        _lots.Add(lot);
        return lot;
    }

    internal void AddHold(ModelHold hold)
    {
        foreach (var part in hold.Parts)
        {
            part.Lot.Held += part.Amount;
        }
        _holds.Add(hold);
    }

    /// <summary>Takes <paramref name="amount"/> available credits in burn-down order; the caller checked there are enough.</summary>
    internal List<ModelPart> Pick(long amount, long nowMs)
    {
        var parts = new List<ModelPart>();
        var left = amount;
        foreach (var lot in ModelBurnDown.Order(_lots))
        {
            if (left == 0)
            {
                break;
            }
            var take = Math.Min(lot.AvailableAt(nowMs), left);
            if (take > 0)
            {
                parts.Add(new ModelPart(lot, take));
                left -= take;
            }
        }
        if (parts.Count > 1)
        {
            coverage.Count("reserve across lots");
        }
        return left == 0 ? parts : throw new InvalidOperationException($"Model bug: {Id} was asked for {amount} credits but has {amount - left}.");
    }

    /// <summary>
    /// Debits <paramref name="requested"/> of an active hold: its parts are spent in today's burn-down
    /// order of their lots, the rest goes back, and a returned part whose lot has expired expires at once.
    /// </summary>
    internal void Commit(ModelHold hold, long requested, string actor, IReadOnlyDictionary<string, string> metadata, long nowMs)
    {
        var amountByLot = hold.Parts.ToDictionary(part => part.Lot, part => part.Amount);
        var debited = new List<ModelPart>();
        var left = requested;
        foreach (var lot in ModelBurnDown.Order(amountByLot.Keys))
        {
            var pinned = amountByLot[lot];
            var spend = Math.Min(pinned, left);
            left -= spend;
            lot.Held -= pinned;
            lot.Remaining -= spend;
            if (spend > 0)
            {
                debited.Add(new ModelPart(lot, spend));
            }
            if (lot.IsExpiredAt(nowMs))
            {
                coverage.Count(pinned > spend ? "commit returned part to expired lot" : "commit spent expired lot");
            }
        }
        if (requested < hold.Amount)
        {
            coverage.Count("partial commit");
        }
        hold.End(ModelHoldState.Committed, requested);
        Append(nowMs, EntryKind.Commit, -requested, actor, "", metadata, hold: hold, parts: debited, feature: hold.Feature);
        ExpireLots(nowMs);
    }

    /// <summary>Gives a hold's parts back to their lots (release or expiry).</summary>
    internal void ReturnHold(ModelHold hold, ModelHoldState endState, EntryKind kind, string actor, long nowMs)
    {
        foreach (var part in hold.Parts)
        {
            part.Lot.Held -= part.Amount;
            if (part.Lot.IsExpiredAt(nowMs))
            {
                coverage.Count("hold returned part to expired lot");
            }
        }
        hold.End(endState, committed: 0);
        Append(nowMs, kind, 0, actor, "", NoMetadata, hold: hold, parts: hold.Parts, feature: hold.Feature);
        ExpireLots(nowMs);
    }

    /// <summary>Moves every available credit out, in burn-down order; returns what each lot gave.</summary>
    internal List<ModelPart> TransferOut(string toAccountId, string actor, string idempotencyKey, long nowMs)
    {
        var moved = ModelBurnDown.Order(_lots)
            .Select(lot => new ModelPart(lot, lot.AvailableAt(nowMs)))
            .Where(part => part.Amount > 0)
            .ToList();
        foreach (var part in moved)
        {
            part.Lot.Remaining -= part.Amount;
        }
        Append(nowMs, EntryKind.TransferOut, -moved.Sum(part => part.Amount), actor, idempotencyKey, NoMetadata,
            parts: moved, reference: toAccountId);
        return moved;
    }

    /// <summary>Adds copies of moved lots (same bucket, priority and expiry); their ids come from the journal.</summary>
    internal void TransferIn(string fromAccountId, IReadOnlyList<ModelPart> moved, string actor, string idempotencyKey, long nowMs)
    {
        var parts = moved.Select(part => new ModelPart(AddLot(part.Lot.Bucket, part.Lot.Priority, part.Lot.ExpiresAtMs, nowMs, part.Amount), part.Amount))
            .ToList();
        Append(nowMs, EntryKind.TransferIn, parts.Sum(part => part.Amount), actor, idempotencyKey, NoMetadata,
            parts: parts, reference: fromAccountId);
    }

    internal void MarkClaimedBy(string userAccountId)
    {
        LeadState = ModelLeadState.Claimed;
        ClaimedBy = userAccountId;
    }

    internal void Append(long nowMs, EntryKind kind, long amount, string actor, string idempotencyKey,
        IReadOnlyDictionary<string, string> metadata, ModelLot? lot = null, ModelHold? hold = null,
        IReadOnlyList<ModelPart>? parts = null, string feature = "", Bucket bucket = Bucket.Unspecified, string reference = "")
    {
        _journal.Add(new ModelEntry(_journal.Count + 1, kind, amount, Available, Held, lot, hold, parts ?? [], feature, actor,
            idempotencyKey, metadata, nowMs, bucket, reference));
    }

    /// <summary>Drops lots with nothing left: the ledger never loads them again, so they cannot affect any order.</summary>
    internal void DropSpentLots() => _lots.RemoveAll(lot => lot.Remaining == 0);

    /// <summary>The model's own invariants; a failure is a bug in the model, not in the server.</summary>
    internal void CheckInvariants()
    {
        foreach (var lot in _lots)
        {
            if (lot.Held < 0 || lot.Remaining < lot.Held)
            {
                throw new InvalidOperationException($"Model bug on {Id}: lot {lot} is inconsistent.");
            }
        }
        var activeHolds = _holds.Where(hold => hold.State == ModelHoldState.Active).Sum(hold => hold.Amount);
        if (Held != activeHolds)
        {
            throw new InvalidOperationException($"Model bug on {Id}: lots hold {Held} but active holds {activeHolds}.");
        }
    }

    private void GrantAllowance(long nowMs)
    {
        LeadState = ModelLeadState.Granted;
        coverage.Count("lead allowance");
        var lot = AddLot(Bucket.Lead, AuditConfiguration.DefaultPriorities[Bucket.Lead],
            nowMs + (long)AuditConfiguration.LeadAllowanceValidity.TotalMilliseconds, nowMs, AuditConfiguration.LeadAllowanceCredits);
        Append(nowMs, EntryKind.Grant, lot.Amount, AuditConfiguration.SystemActor, "", NoMetadata, lot: lot,
            parts: [new ModelPart(lot, lot.Amount)], bucket: Bucket.Lead, reference: AuditConfiguration.LeadAllowanceReference);
    }

    /// <summary>Removes the unheld credits of every expired lot, one entry per lot, in burn-down order.</summary>
    private void ExpireLots(long nowMs)
    {
        var expired = ModelBurnDown.Order(_lots.Where(lot => lot.IsExpiredAt(nowMs) && lot.Remaining > lot.Held)).ToList();
        foreach (var lot in expired)
        {
            coverage.Count(lot.Held > 0 ? "lot expired while held" : "lot expired");
            var amount = lot.Remaining - lot.Held;
            lot.Remaining -= amount;
            Append(nowMs, EntryKind.LotExpire, -amount, AuditConfiguration.SystemActor, "", NoMetadata, lot: lot,
                parts: [new ModelPart(lot, amount)], bucket: lot.Bucket);
        }
    }
}
