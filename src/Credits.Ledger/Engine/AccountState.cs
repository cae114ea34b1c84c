using Credits.Ledger.Accounts;
using Credits.Ledger.Balances;
using Credits.Ledger.Clawbacks;
using Credits.Ledger.Commands;
using Credits.Ledger.Errors;
using Credits.Ledger.Holds;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Engine;

/// <summary>
/// One account loaded for a batch: its live lots and relevant holds, held in memory while the
/// engine decides commands. Every rule of the ledger model is a method here. Each method checks
/// everything first and only then changes state, so a method that throws has changed nothing.
/// </summary>
/// <remarks>
/// Stored-state invariant (kept after every method): <c>Available</c> is the sum over lots of
/// <c>Remaining - Held</c>, <c>Held</c> is the sum of lot <c>Held</c> and of active hold amounts.
/// After <see cref="CatchUp"/>, no expired lot has unheld credits, so <c>Available</c> is also what
/// can be reserved right now.
/// </remarks>
internal sealed class AccountState
{
    /// <summary>Largest total (available + held) an account may reach, far below overflow.</summary>
    public const long AccountTotalMax = 1_000_000_000_000_000;

    private readonly Dictionary<string, Lot> _lots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Hold> _holds = new(StringComparer.Ordinal);
    private readonly List<JournalEntry> _newEntries = [];
    private readonly Dictionary<string, Clawback> _clawbacks = new(StringComparer.Ordinal);

    /// <summary>Freezes never expire by time; only the dispute's outcome ends them.</summary>
    public static readonly DateTimeOffset FreezeExpiresAt = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public AccountState(string accountId, bool persisted, long available, long held, long lastSequence,
        LeadState leadState, string? claimedBy, IEnumerable<Lot> lots, IEnumerable<Hold> holds,
        long owed = 0, IEnumerable<Clawback>? clawbacks = null)
    {
        Owed = owed;
        foreach (var clawback in clawbacks ?? [])
        {
            _clawbacks.Add(clawback.Reference, clawback);
        }
        AccountId = accountId;
        Kind = AccountIds.KindOf(accountId);
        Persisted = persisted;
        Available = available;
        Held = held;
        LastSequence = lastSequence;
        LeadState = leadState;
        ClaimedBy = claimedBy;
        foreach (var lot in lots)
        {
            _lots.Add(lot.LotId, lot);
        }
        foreach (var hold in holds)
        {
            _holds.Add(hold.HoldId, hold);
        }
    }

    public static AccountState Empty(string accountId) =>
        new(accountId, persisted: false, 0, 0, 0, LeadState.None, null, [], []);

    public string AccountId { get; }
    public AccountKind Kind { get; }

    /// <summary>True when the account has a row in the database.</summary>
    public bool Persisted { get; }
    public long Available { get; private set; }
    public long Held { get; private set; }
    public long LastSequence { get; private set; }
    public LeadState LeadState { get; private set; }
    public string? ClaimedBy { get; private set; }

    /// <summary>Credits taken back that were already spent; repaid from the next credits that arrive.</summary>
    public long Owed { get; private set; }
    public IEnumerable<Clawback> Clawbacks => _clawbacks.Values;
    public bool IsDirty { get; private set; }

    /// <summary>True when the batch changed the account, so its rows are written and any cached balance is stale.</summary>
    public bool HasChanges => IsDirty || _newEntries.Count > 0;

    public IEnumerable<Lot> Lots => _lots.Values;
    public IEnumerable<Hold> Holds => _holds.Values;
    public IReadOnlyList<JournalEntry> NewEntries => _newEntries;

    public bool TryGetHold(string holdId, out Hold hold) => _holds.TryGetValue(holdId, out hold!);

    /// <summary>
    /// Applies what time and first use have made due: a lead's one-time allowance, then expired
    /// holds (released) and expired lots (removed). Reads run it on a copy they never write.
    /// </summary>
    public void CatchUp(RuleContext context)
    {
        if (Kind == AccountKind.Lead && LeadState == LeadState.None)
        {
            GrantLeadAllowance(context);
        }
        var expiredHolds = _holds.Values
            .Where(hold => hold.State == HoldState.Active && hold.IsExpiredAt(context.Now))
            .OrderBy(hold => hold.ExpiresAt)
            .ThenBy(hold => hold.HoldId, StringComparer.Ordinal)
            .ToList();
        foreach (var hold in expiredHolds)
        {
            ReturnHold(hold, HoldState.Expired, EntryKind.HoldExpire, Actors.System, context);
        }
        ExpireLots(context);
    }

    public Lot Grant(GrantCommand command, RuleContext context)
    {
        var lot = NewLot(command.Amount, command.Bucket, command.Priority ?? context.Options.DefaultPriority(command.Bucket),
            command.ExpiresAt, command.Reference, context, command.Rollover);
        Available += command.Amount;
        Append(context, EntryKind.Grant, command.Amount, command.Actor, command.IdempotencyKey, command.Metadata,
            lotId: lot.LotId, parts: [new LotPart(lot.LotId, lot.Amount)], bucket: lot.Bucket, reference: lot.Reference);
        RepayDebts([lot], command.Actor, context);
        return lot;
    }

    public Hold Reserve(ReserveCommand command, RuleContext context)
    {
        var amount = command.PricedAmount;
        var parts = BurnDown.Pick(_lots.Values, amount, context.Now);
        foreach (var part in parts)
        {
            var lot = _lots[part.LotId];
            lot.Held += part.Amount;
            lot.IsDirty = true;
        }
        Available -= amount;
        Held += amount;
        var hold = new Hold
        {
            HoldId = Ids.NewHoldId(AccountId),
            AccountId = AccountId,
            Amount = amount,
            ExpiresAt = context.Now + (command.Ttl ?? Limits.HoldTtlDefault),
            CreatedAt = context.Now,
            Parts = parts,
            Feature = command.Feature ?? "",
            State = HoldState.Active,
            IsNew = true,
            IsDirty = true,
        };
        _holds.Add(hold.HoldId, hold);
        Append(context, EntryKind.Reserve, 0, command.Actor, command.IdempotencyKey, command.Metadata,
            holdId: hold.HoldId, parts: parts, feature: hold.Feature);
        return hold;
    }

    /// <summary>Debits <paramref name="amount"/> (all when null) of the hold; the unused part goes back to its lots.</summary>
    public (long Committed, long Released) Commit(Hold hold, long? amount, string actor,
        IReadOnlyDictionary<string, string> metadata, RuleContext context)
    {
        var requested = amount ?? hold.Amount;
        // The debit takes the hold's parts in today's burn-down order, so that a part whose lot has
        // expired meanwhile is spent first rather than returned and lost.
        var lotsInOrder = BurnDown.Order(hold.Parts.Select(part => _lots[part.LotId])).ToList();
        var partByLot = hold.Parts.ToDictionary(part => part.LotId, part => part.Amount, StringComparer.Ordinal);
        var debited = new List<LotPart>();
        var left = requested;
        foreach (var lot in lotsInOrder)
        {
            var pinned = partByLot[lot.LotId];
            var spend = Math.Min(pinned, left);
            left -= spend;
            lot.Held -= pinned;
            lot.Remaining -= spend;
            lot.IsDirty = true;
            Available += pinned - spend;
            if (spend > 0)
            {
                debited.Add(new LotPart(lot.LotId, spend));
            }
        }
        Held -= hold.Amount;
        End(hold, HoldState.Committed, committed: requested, context);
        Append(context, EntryKind.Commit, -requested, actor, "", metadata,
            holdId: hold.HoldId, parts: debited, feature: hold.Feature);
        ExpireLots(context);
        return (hold.Committed, hold.Released);
    }

    /// <summary>Gives an active hold back.</summary>
    public long Release(Hold hold, string actor, RuleContext context)
    {
        ReturnHold(hold, HoldState.Released, EntryKind.Release, actor, context);
        return hold.Released;
    }

    /// <summary>Removes every available credit for a transfer; the lots given are copied by the receiver.</summary>
    public List<(Lot Lot, long Amount)> TransferOut(string toAccountId, string actor, string idempotencyKey, RuleContext context)
    {
        var moved = BurnDown.Order(_lots.Values)
            .Select(lot => (Lot: lot, Amount: lot.AvailableAt(context.Now)))
            .Where(item => item.Amount > 0)
            .ToList();
        var total = moved.Sum(item => item.Amount);
        foreach (var (lot, amount) in moved)
        {
            lot.Remaining -= amount;
            lot.IsDirty = true;
        }
        Available -= total;
        Append(context, EntryKind.TransferOut, -total, actor, idempotencyKey, NoMetadata,
            parts: moved.Select(item => new LotPart(item.Lot.LotId, item.Amount)).ToList(), reference: toAccountId);
        return moved;
    }

    /// <summary>Adds copies of transferred lots: same bucket, expiry and priority.</summary>
    public void TransferIn(string fromAccountId, IReadOnlyList<(Lot Lot, long Amount)> moved, string actor,
        string idempotencyKey, RuleContext context)
    {
        var total = moved.Sum(item => item.Amount);
        var parts = new List<LotPart>();
        foreach (var (source, amount) in moved)
        {
            var lot = NewLot(amount, source.Bucket, source.Priority, source.ExpiresAt, source.LotId, context);
            parts.Add(new LotPart(lot.LotId, amount));
        }
        Available += total;
        Append(context, EntryKind.TransferIn, total, actor, idempotencyKey, NoMetadata, parts: parts, reference: fromAccountId);
        RepayDebts(parts.Select(part => _lots[part.LotId]).ToList(), actor, context);
    }

    /// <summary>
    /// Takes <see cref="ClawbackCommand.Amount"/> back: from the named lot first, then from other
    /// available credits in burn-down order; what was already spent becomes owed.
    /// </summary>
    public Clawback Clawback(ClawbackCommand command, RuleContext context)
    {
        var preferred = command.LotId is { } lotId && _lots.TryGetValue(lotId, out var lot) ? lot : null;
        var parts = new List<LotPart>();
        var left = command.Amount;
        var order = preferred is null ? BurnDown.Order(_lots.Values) : new[] { preferred }.Concat(BurnDown.Order(_lots.Values.Where(other => other != preferred)));
        foreach (var source in order)
        {
            var take = Math.Min(source.AvailableAt(context.Now), left);
            if (take <= 0)
            {
                continue;
            }
            source.Remaining -= take;
            source.IsDirty = true;
            parts.Add(new LotPart(source.LotId, take));
            left -= take;
        }
        var taken = command.Amount - left;
        Available -= taken;
        Owed += left;
        var clawback = new Clawback
        {
            AccountId = AccountId,
            Reference = command.Reference,
            Amount = command.Amount,
            TakenParts = parts,
            OwedInitial = left,
            OwedOutstanding = left,
            CreatedAt = context.Now,
            IsNew = true,
            IsDirty = true,
        };
        _clawbacks.Add(clawback.Reference, clawback);
        Append(context, EntryKind.Clawback, -taken, command.Actor, command.IdempotencyKey, command.Metadata,
            lotId: command.LotId ?? "", parts: parts, reference: command.Reference);
        return clawback;
    }

    /// <summary>Undoes a claw-back; returns what came back and the debt cancelled.</summary>
    public (long Returned, long DebtCancelled) ReverseClawback(ReverseClawbackCommand command, RuleContext context)
    {
        if (!_clawbacks.TryGetValue(command.Reference, out var clawback) || clawback.Reversed)
        {
            return (0, 0);
        }
        var parts = new List<LotPart>();
        foreach (var part in clawback.TakenParts.Where(part => _lots.ContainsKey(part.LotId)))
        {
            var lot = _lots[part.LotId];
            lot.Remaining += part.Amount;
            lot.IsDirty = true;
            parts.Add(part);
        }
        var returnedToLots = parts.Sum(part => part.Amount);
        Available += returnedToLots;
        var cancelled = clawback.OwedOutstanding;
        Owed -= cancelled;
        var repaid = clawback.Repaid;
        clawback.OwedOutstanding = 0;
        clawback.Reversed = true;
        clawback.IsDirty = true;
        if (repaid > 0)
        {
            // What later grants repaid towards this debt comes back as its own lot: those grants'
            // lots may be gone, and the credits are the customer's again.
            var refund = NewLot(repaid, Bucket.Refund, context.Options.DefaultPriority(Bucket.Refund), null, command.Reference, context);
            Available += repaid;
            parts.Add(new LotPart(refund.LotId, repaid));
        }
        Append(context, EntryKind.ClawbackReverse, returnedToLots + repaid, command.Actor, command.IdempotencyKey, NoMetadata,
            parts: parts, reference: command.Reference);
        // Credits returned to lots that expired meanwhile expire at once.
        ExpireLots(context);
        return (returnedToLots + repaid, cancelled);
    }

    /// <summary>Writes a note entry; the balance does not change.</summary>
    public long Note(NoteCommand command, RuleContext context)
    {
        Append(context, EntryKind.Note, 0, command.Actor, command.IdempotencyKey, command.Metadata, reference: command.Reference);
        return LastSequence;
    }

    /// <summary>Pins what is left of the command's lot under a freeze; nothing when the lot has nothing left.</summary>
    public long Freeze(FreezeCommand command, RuleContext context)
    {
        if (FindFreeze(command.Reference) is not null)
        {
            return 0;
        }
        var amount = _lots.TryGetValue(command.LotId, out var lot) ? lot.AvailableAt(context.Now) : 0;
        if (amount == 0)
        {
            return 0;
        }
        lot!.Held += amount;
        lot.IsDirty = true;
        Available -= amount;
        Held += amount;
        var hold = new Hold
        {
            HoldId = Ids.NewHoldId(AccountId),
            AccountId = AccountId,
            Amount = amount,
            ExpiresAt = FreezeExpiresAt,
            CreatedAt = context.Now,
            Parts = [new LotPart(lot.LotId, amount)],
            Feature = "",
            Purpose = HoldPurpose.Freeze,
            Reference = command.Reference,
            State = HoldState.Active,
            IsNew = true,
            IsDirty = true,
        };
        _holds.Add(hold.HoldId, hold);
        Append(context, EntryKind.Freeze, 0, command.Actor, command.IdempotencyKey, NoMetadata,
            holdId: hold.HoldId, parts: hold.Parts, reference: command.Reference);
        return amount;
    }

    /// <summary>Ends a freeze: its credits are available again (a later claw-back in the batch may take them).</summary>
    public long Unfreeze(UnfreezeCommand command, RuleContext context)
    {
        if (FindFreeze(command.Reference) is not { } hold)
        {
            return 0;
        }
        ReturnHold(hold, HoldState.Released, EntryKind.Unfreeze, command.Actor, context, command.Reference);
        return hold.Amount;
    }

    private Hold? FindFreeze(string reference) =>
        _holds.Values.FirstOrDefault(hold => hold.Purpose == HoldPurpose.Freeze && hold.State == HoldState.Active
                                             && hold.Reference == reference);

    /// <summary>Takes what is owed from credits that just arrived, oldest debt first.</summary>
    private void RepayDebts(IReadOnlyList<Lot> arrived, string actor, RuleContext context)
    {
        foreach (var clawback in _clawbacks.Values.Where(debt => debt.OwedOutstanding > 0).OrderBy(debt => debt.CreatedAt)
                     .ThenBy(debt => debt.Reference, StringComparer.Ordinal))
        {
            var parts = new List<LotPart>();
            foreach (var lot in arrived)
            {
                var take = Math.Min(lot.AvailableAt(context.Now), clawback.OwedOutstanding);
                if (take <= 0)
                {
                    continue;
                }
                lot.Remaining -= take;
                lot.IsDirty = true;
                clawback.OwedOutstanding -= take;
                clawback.IsDirty = true;
                parts.Add(new LotPart(lot.LotId, take));
            }
            var repaid = parts.Sum(part => part.Amount);
            if (repaid == 0)
            {
                return;
            }
            Available -= repaid;
            Owed -= repaid;
            Append(context, EntryKind.Clawback, -repaid, actor, "", NoMetadata, parts: parts, reference: clawback.Reference);
        }
    }

    public void MarkClaimedBy(string userAccountId)
    {
        LeadState = LeadState.Claimed;
        ClaimedBy = userAccountId;
        IsDirty = true;
    }

    /// <summary>
    /// The first moment after <paramref name="now"/> at which time alone changes the balance (a lot
    /// or an active hold expiring), until which <see cref="View"/> stays true. A lead not yet given
    /// its allowance changes at its first use, so at once.
    /// </summary>
    public DateTimeOffset NextChangeAt(DateTimeOffset now)
    {
        if (Kind == AccountKind.Lead && LeadState == LeadState.None)
        {
            return now;
        }
        var next = DateTimeOffset.MaxValue;
        foreach (var lot in _lots.Values)
        {
            if (lot.Remaining > 0 && lot.ExpiresAt is { } expiresAt && expiresAt < next)
            {
                next = expiresAt;
            }
        }
        foreach (var hold in _holds.Values)
        {
            if (hold.State == HoldState.Active && hold.ExpiresAt < next)
            {
                next = hold.ExpiresAt;
            }
        }
        return next;
    }

    public BalanceView View(DateTimeOffset now)
    {
        var buckets = _lots.Values
            .GroupBy(lot => lot.Bucket)
            .Select(group => new BucketBalance(group.Key, group.Sum(lot => lot.AvailableAt(now)), group.Sum(lot => lot.Held)))
            .Where(bucket => bucket.Available != 0 || bucket.Held != 0)
            .OrderBy(bucket => bucket.Bucket)
            .ToList();
        var expiring = _lots.Values.Where(lot => lot.ExpiresAt is not null && lot.AvailableAt(now) > 0).ToList();
        UpcomingExpiry? nextExpiry = null;
        if (expiring.Count > 0)
        {
            var soonest = expiring.Min(lot => lot.ExpiresAt!.Value);
            nextExpiry = new UpcomingExpiry(expiring.Where(lot => lot.ExpiresAt == soonest).Sum(lot => lot.AvailableAt(now)), soonest);
        }
        var frozen = _holds.Values.Where(hold => hold.Purpose == HoldPurpose.Freeze && hold.State == HoldState.Active).Sum(hold => hold.Amount);
        return new BalanceView(AccountId, Available, Held, buckets, nextExpiry, Owed, frozen, LastSequence);
    }

    /// <summary>
    /// Checks the stored-state invariants; a failure is a bug in a rule, never an operating error,
    /// so it throws rather than reporting a ledger error.
    /// </summary>
    public void AssertInvariants()
    {
        var lotsUnheld = _lots.Values.Sum(lot => lot.Remaining - lot.Held);
        var lotsHeld = _lots.Values.Sum(lot => lot.Held);
        var holdsActive = _holds.Values.Where(hold => hold.State == HoldState.Active).Sum(hold => hold.Amount);
        Check(Available >= 0, "available is negative");
        Check(Held >= 0, "held is negative");
        Check(_lots.Values.All(lot => lot.Held >= 0), "a lot's held is negative");
        Check(_lots.Values.All(lot => lot.Remaining >= lot.Held), "a lot holds more than it has");
        Check(Available == lotsUnheld, $"available {Available} != sum of unheld lot credits {lotsUnheld}");
        Check(Held == lotsHeld, $"held {Held} != sum of lot held {lotsHeld}");
        Check(Held == holdsActive, $"held {Held} != sum of active holds {holdsActive}");
        var owedOutstanding = _clawbacks.Values.Sum(clawback => clawback.OwedOutstanding);
        Check(Owed >= 0, "owed is negative");
        Check(Owed == owedOutstanding, $"owed {Owed} != outstanding claw-backs {owedOutstanding}");
        Check(_lots.Values.All(lot => lot.RolloverCap >= 0), "a lot's rollover cap is negative");
        Check(_lots.Values.All(lot => lot.Bucket != Bucket.Rollover || lot.RolloverCap == 0),
            "a rollover lot may roll over again");
        for (var i = 0; i < _newEntries.Count; i++)
        {
            if (_newEntries[i].Kind != EntryKind.Rollover)
            {
                continue;
            }
            // A rollover only moves what the expiry just before it removed from the same lot.
            var rollover = _newEntries[i];
            var expiry = i > 0 ? _newEntries[i - 1] : null;
            Check(expiry is { Kind: EntryKind.LotExpire } && expiry.LotId == rollover.Reference,
                $"rollover entry {rollover.Sequence} does not follow its lot's expiry");
            var expired = -(expiry?.Amount ?? 0);
            Check(rollover.Amount > 0 && rollover.Amount <= expired,
                $"rollover entry {rollover.Sequence} carries {rollover.Amount} credits of {expired} expired: it would create credits");
        }
    }

    private void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Ledger invariant broken on {AccountId}: {what}.");
        }
    }

    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private void GrantLeadAllowance(RuleContext context)
    {
        LeadState = LeadState.Granted;
        IsDirty = true;
        var allowance = context.Options.LeadAllowanceCredits;
        if (allowance <= 0)
        {
            return;
        }
        var expiresAt = context.Options.LeadAllowanceValidity is { } validity ? context.Now + validity : (DateTimeOffset?)null;
        var lot = NewLot(allowance, Bucket.Lead, context.Options.DefaultPriority(Bucket.Lead), expiresAt, "lead-allowance", context);
        Available += allowance;
        Append(context, EntryKind.Grant, allowance, Actors.System, "", NoMetadata,
            lotId: lot.LotId, parts: [new LotPart(lot.LotId, allowance)], bucket: Bucket.Lead, reference: lot.Reference);
    }

    private void ReturnHold(Hold hold, HoldState endState, EntryKind kind, string actor, RuleContext context, string reference = "")
    {
        foreach (var part in hold.Parts)
        {
            var lot = _lots[part.LotId];
            lot.Held -= part.Amount;
            lot.IsDirty = true;
        }
        Available += hold.Amount;
        Held -= hold.Amount;
        End(hold, endState, committed: 0, context);
        Append(context, kind, 0, actor, "", NoMetadata, holdId: hold.HoldId, parts: hold.Parts, feature: hold.Feature, reference: reference);
        ExpireLots(context);
    }

    private static void End(Hold hold, HoldState state, long committed, RuleContext context)
    {
        hold.State = state;
        hold.Committed = committed;
        hold.Released = hold.Amount - committed;
        hold.EndedAt = context.Now;
        hold.IsDirty = true;
    }

    /// <summary>
    /// Removes the unheld credits of every expired lot, one entry per lot. A lot with rollover terms
    /// then carries up to what is left of its cap into a new rollover lot (a second entry), which
    /// may itself be due already when the catch-up comes late, hence the loop. The one expiry path
    /// for lazy reads, writes and sweeps, so all three agree.
    /// </summary>
    private void ExpireLots(RuleContext context)
    {
        // Each pass creates only rollover lots, which never roll over: two passes always suffice.
        for (var pass = 0; pass < 3; pass++)
        {
            var expired = BurnDown.Order(_lots.Values.Where(lot => lot.IsExpiredAt(context.Now) && lot.Remaining > lot.Held)).ToList();
            if (expired.Count == 0)
            {
                return;
            }
            foreach (var lot in expired)
            {
                var amount = lot.Remaining - lot.Held;
                lot.Remaining -= amount;
                lot.IsDirty = true;
                Available -= amount;
                Append(context, EntryKind.LotExpire, -amount, Actors.System, "", NoMetadata,
                    lotId: lot.LotId, parts: [new LotPart(lot.LotId, amount)], bucket: lot.Bucket);
                RollOver(lot, amount, context);
            }
        }
        throw new InvalidOperationException($"Lot expiry on {AccountId} did not settle: a rollover lot rolled over again.");
    }

    /// <summary>Carries min(<paramref name="expired"/>, what is left of the cap) of an expired lot into a rollover lot.</summary>
    private void RollOver(Lot source, long expired, RuleContext context)
    {
        var amount = Math.Min(expired, source.RolloverCap);
        if (amount <= 0 || source.RolloverExpiresAt is not { } expiresAt)
        {
            return;
        }
        source.RolloverCap -= amount;
        source.IsDirty = true;
        var lot = NewLot(amount, Bucket.Rollover, context.Options.DefaultPriority(Bucket.Rollover), expiresAt, source.LotId, context);
        Available += amount;
        Append(context, EntryKind.Rollover, amount, Actors.System, "", NoMetadata,
            lotId: lot.LotId, parts: [new LotPart(lot.LotId, amount)], bucket: Bucket.Rollover, reference: source.LotId);
    }

    /// <summary>Null when <paramref name="amount"/> more credits fit in the account; else the error naming <paramref name="field"/>.</summary>
    public LedgerError? RoomFor(long amount, string field) =>
        Available + Held + amount > AccountTotalMax
            ? LedgerErrors.Invalid(field, $"The account would hold more than {AccountTotalMax} credits.")
            : null;

    /// <summary>The claw-back with <paramref name="reference"/>, if this account has one.</summary>
    public Clawback? FindClawback(string reference) => _clawbacks.GetValueOrDefault(reference);

    private Lot NewLot(long amount, Bucket bucket, int priority, DateTimeOffset? expiresAt, string reference, RuleContext context,
        RolloverTerms? rollover = null)
    {
        var lot = new Lot
        {
            LotId = Ids.NewLotId(),
            AccountId = AccountId,
            Bucket = bucket,
            Priority = priority,
            Amount = amount,
            ExpiresAt = expiresAt,
            CreatedAt = context.Now,
            Reference = reference,
            Remaining = amount,
            RolloverCap = rollover?.Cap ?? 0,
            RolloverExpiresAt = rollover?.ExpiresAt,
            IsNew = true,
            IsDirty = true,
        };
        _lots.Add(lot.LotId, lot);
        return lot;
    }

    private void Append(RuleContext context, EntryKind kind, long amount, string actor, string idempotencyKey,
        IReadOnlyDictionary<string, string> metadata, string lotId = "", string holdId = "",
        IReadOnlyList<LotPart>? parts = null, string feature = "", Bucket? bucket = null, string reference = "")
    {
        LastSequence++;
        IsDirty = true;
        _newEntries.Add(new JournalEntry(AccountId, LastSequence, kind, amount, Available, Held, lotId, holdId,
            parts ?? [], feature, actor, idempotencyKey, metadata, context.Now, bucket, reference, Owed));
    }
}
