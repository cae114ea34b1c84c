using Credits.Audit.Tests.Support;
using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// The model of one account: its lots, holds, claw-backs and expected journal, and the per-account
/// rules (catching up with time, returning holds, expiring and rolling over lots, picking and
/// debiting credits). Each rule appends the journal entries the ledger must write, in the order it
/// must write them. Claw-backs and freezes are in the other parts of this class.
/// </summary>
public sealed partial class ModelAccount(string id, ModelCoverage coverage)
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    // Expiring a lot can create a rollover lot that is due already (when the catch-up comes after the
    // rollover lot's own expiry); rollover lots never roll over again, so two passes always settle.
    private const int ExpiryPassesMax = 2;

    private readonly List<ModelLot> _lots = [];
    private readonly List<ModelHold> _holds = [];
    private readonly List<ModelEntry> _journal = [];

    public string Id { get; } = id;
    public bool IsLead { get; } = id.StartsWith("lead:", StringComparison.Ordinal);

    /// <summary>True once the ledger has a row for the account (created by a grant, a claw-back, a note, a lead's first use or a claim).</summary>
    public bool Exists { get; set; }
    public ModelLeadState LeadState { get; private set; }
    public string? ClaimedBy { get; private set; }

    /// <summary>Lots with credits left (spent-out lots are dropped, as the ledger never loads them again, except to reverse a claw-back).</summary>
    public IReadOnlyList<ModelLot> Lots => _lots;

    /// <summary>Every hold of the account: reservations and freezes.</summary>
    public IReadOnlyList<ModelHold> Holds => _holds;
    public IReadOnlyList<ModelEntry> Journal => _journal;

    /// <summary>The last sequence compared with the server's journal.</summary>
    public long CheckedSequence { get; set; }

    /// <summary>The journal hashes the auditor has confirmed, by sequence: the chain continues from them.</summary>
    public Dictionary<long, Google.Protobuf.ByteString> ConfirmedHashes { get; } = [];

    /// <summary>Unheld credits of every lot, including expired lots not yet caught up (the stored counter).</summary>
    public long Available => _lots.Sum(lot => lot.Remaining - lot.Held);
    public long Held => _lots.Sum(lot => lot.Held);

    /// <summary>The part of <see cref="Held"/> pinned by open disputes.</summary>
    public long Frozen => _holds.Where(hold => hold.IsFreeze && hold.State == ModelHoldState.Active).Sum(hold => hold.Amount);

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

    internal ModelLot AddLot(Bucket bucket, int priority, long? expiresAtMs, long nowMs, long amount, long rolloverCap = 0,
        long? rolloverExpiresAtMs = null)
    {
        var lot = new ModelLot(Id, bucket, priority, expiresAtMs, nowMs, amount, rolloverCap, rolloverExpiresAtMs);
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

    /// <summary>Credits that can pay for <paramref name="feature"/> (null: by amount): available less the scoped lots of other features.</summary>
    internal long Spendable(string? feature, long nowMs) =>
        Available - _lots.Where(lot => lot.IsScoped && !lot.IsScopedTo(feature)).Sum(lot => lot.AvailableAt(nowMs));

    /// <summary>Takes <paramref name="amount"/> available credits that can pay for <paramref name="feature"/> in burn-down order; the caller checked there are enough.</summary>
    internal List<ModelPart> Pick(long amount, long nowMs, string? feature = null)
    {
        var parts = new List<ModelPart>();
        var left = amount;
        foreach (var lot in ModelBurnDown.Spendable(_lots, feature))
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
        foreach (var lot in ModelBurnDown.OrderFor(amountByLot.Keys, hold.Feature))
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
                lot.HasCreditsBackAfterExpiry |= pinned > spend;
            }
        }
        if (requested < hold.Amount)
        {
            coverage.Count("partial commit");
        }
        hold.End(ModelHoldState.Committed, requested);
        hold.CommittedParts = debited;
        Append(nowMs, EntryKind.Commit, -requested, actor, "", metadata, hold: hold, parts: debited, feature: hold.Feature);
        ExpireLots(nowMs);
    }

    /// <summary>Gives a hold's parts back to their lots (release, expiry, or the end of a freeze).</summary>
    internal void ReturnHold(ModelHold hold, ModelHoldState endState, EntryKind kind, string actor, long nowMs, string reference = "")
    {
        foreach (var part in hold.Parts)
        {
            part.Lot.Held -= part.Amount;
            if (part.Lot.IsExpiredAt(nowMs))
            {
                coverage.Count(hold.IsFreeze ? "unfreeze returned credits to an expired lot" : "hold returned part to expired lot");
                part.Lot.HasCreditsBackAfterExpiry = true;
            }
        }
        hold.End(endState, committed: 0);
        Append(nowMs, kind, 0, actor, "", NoMetadata, hold: hold, parts: hold.Parts, feature: hold.Feature, reference: reference);
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

    /// <summary>
    /// Adds copies of moved lots (same bucket, priority and expiry, but no rollover terms: those belong
    /// to the subscription that granted them); their ids come from the journal. Debts are repaid first.
    /// </summary>
    internal void TransferIn(string fromAccountId, IReadOnlyList<ModelPart> moved, string actor, string idempotencyKey, long nowMs)
    {
        var parts = moved.Select(part => new ModelPart(AddLot(part.Lot.Bucket, part.Lot.Priority, part.Lot.ExpiresAtMs, nowMs, part.Amount), part.Amount))
            .ToList();
        Append(nowMs, EntryKind.TransferIn, parts.Sum(part => part.Amount), actor, idempotencyKey, NoMetadata,
            parts: parts, reference: fromAccountId);
        RepayDebts(parts.Select(part => part.Lot).ToList(), actor, nowMs);
    }

    internal void MarkClaimedBy(string userAccountId)
    {
        LeadState = ModelLeadState.Claimed;
        ClaimedBy = userAccountId;
    }

    /// <summary>Writes a note: an entry that changes nothing.</summary>
    internal void Note(string reference, string actor, string idempotencyKey, IReadOnlyDictionary<string, string> metadata, long nowMs) =>
        Append(nowMs, EntryKind.Note, 0, actor, idempotencyKey, metadata, reference: reference);

    internal void Append(long nowMs, EntryKind kind, long amount, string actor, string idempotencyKey,
        IReadOnlyDictionary<string, string> metadata, ModelLot? lot = null, ModelHold? hold = null,
        IReadOnlyList<ModelPart>? parts = null, string feature = "", Bucket bucket = Bucket.Unspecified, string reference = "",
        string? lotName = null)
    {
        _journal.Add(new ModelEntry(_journal.Count + 1, kind, amount, Available, Held, lot, hold, parts ?? [], feature, actor,
            idempotencyKey, metadata, nowMs, bucket, reference, Owed, lotName));
    }

    /// <summary>Takes back a lot the model dropped when it was spent: the ledger loads spent lots for a refund.</summary>
    internal void Restore(ModelLot lot) => _lots.Add(lot);

    /// <summary>Drops lots with nothing left: the ledger does not load them again, so they cannot affect any order.</summary>
    internal void DropSpentLots() => _lots.RemoveAll(lot => lot.Remaining == 0);

    /// <summary>
    /// A detached copy with the same lots, active holds and debts, for a read: the read applies what
    /// is due to it, as the ledger applies it to an in-memory copy it never writes.
    /// </summary>
    internal ModelAccount CopyForRead()
    {
        var copy = new ModelAccount(Id, new ModelCoverage()) { Exists = Exists, LeadState = LeadState, ClaimedBy = ClaimedBy };
        var lots = _lots.ToDictionary(lot => lot, lot => lot.Copy());
        copy._lots.AddRange(lots.Values);
        copy._holds.AddRange(_holds.Where(hold => hold.State == ModelHoldState.Active).Select(hold => hold.Copy(lots)));
        foreach (var (reference, clawback) in _clawbacks)
        {
            // Catching up never touches a debt, so the copy may share them.
            copy._clawbacks.Add(reference, clawback);
        }
        return copy;
    }

    /// <summary>The model's own invariants; a failure is a bug in the model, not in the server.</summary>
    internal void CheckInvariants()
    {
        foreach (var lot in _lots)
        {
            if (lot.Held < 0 || lot.Remaining < lot.Held)
            {
                throw new InvalidOperationException($"Model bug on {Id}: lot {lot} is inconsistent.");
            }
            if (lot.RolloverCap < 0 || (lot.Bucket == Bucket.Rollover && lot.RolloverExpiresAtMs is not null))
            {
                throw new InvalidOperationException($"Model bug on {Id}: lot {lot} has impossible rollover terms.");
            }
        }
        var activeHolds = _holds.Where(hold => hold.State == ModelHoldState.Active).Sum(hold => hold.Amount);
        if (Held != activeHolds)
        {
            throw new InvalidOperationException($"Model bug on {Id}: lots hold {Held} but active holds {activeHolds}.");
        }
        if (_clawbacks.Values.Any(clawback => clawback.OwedOutstanding < 0 || clawback.OwedOutstanding > clawback.OwedInitial))
        {
            throw new InvalidOperationException($"Model bug on {Id}: a debt is negative or larger than it started.");
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

    /// <summary>
    /// Removes the unheld credits of every expired lot, one entry per lot, in burn-down order; a lot
    /// with rollover terms then carries what its cap still allows into a rollover lot (an entry right
    /// after its expiry). A rollover lot that is due at once expires in the next pass.
    /// </summary>
    private void ExpireLots(long nowMs)
    {
        for (var pass = 1; ; pass++)
        {
            var expired = ModelBurnDown.Order(_lots.Where(lot => lot.IsExpiredAt(nowMs) && lot.Remaining > lot.Held)).ToList();
            if (expired.Count == 0)
            {
                return;
            }
            if (pass > ExpiryPassesMax)
            {
                throw new InvalidOperationException($"Model bug on {Id}: lot expiry did not settle in {ExpiryPassesMax} passes.");
            }
            foreach (var lot in expired)
            {
                coverage.Count(lot.Bucket == Bucket.Rollover ? "rollover lot expired" : lot.Held > 0 ? "lot expired while held" : "lot expired");
                var amount = lot.Remaining - lot.Held;
                lot.Remaining -= amount;
                Append(nowMs, EntryKind.LotExpire, -amount, AuditConfiguration.SystemActor, "", NoMetadata, lot: lot,
                    parts: [new ModelPart(lot, amount)], bucket: lot.Bucket);
                RollOver(lot, amount, nowMs);
                lot.HasCreditsBackAfterExpiry = false;
            }
        }
    }

    /// <summary>Carries up to what is left of the cap of <paramref name="expired"/> credits into a new rollover lot.</summary>
    private void RollOver(ModelLot source, long expired, long nowMs)
    {
        if (source.RolloverExpiresAtMs is not { } expiresAtMs)
        {
            return;
        }
        var amount = Math.Min(expired, source.RolloverCap);
        if (amount == 0)
        {
            coverage.Count("rollover cap used up");
            return;
        }
        coverage.Count(amount < expired ? "rollover capped" : "rollover carried everything");
        if (source.HasCreditsBackAfterExpiry)
        {
            coverage.Count("rollover of credits that came back after the expiry");
        }
        if (expiresAtMs <= nowMs)
        {
            coverage.Count("rollover lot due at once");
        }
        source.RolloverCap -= amount;
        var lot = AddLot(Bucket.Rollover, AuditConfiguration.DefaultPriorities[Bucket.Rollover], expiresAtMs, nowMs, amount);
        Append(nowMs, EntryKind.Rollover, amount, AuditConfiguration.SystemActor, "", NoMetadata, lot: lot,
            parts: [new ModelPart(lot, amount)], bucket: Bucket.Rollover,
            reference: source.Id ?? throw new InvalidOperationException($"Model bug: lot {source} rolls over before its id is known."));
    }
}
