using Credits.Ledger.Accounts;
using Credits.Ledger.Balances;
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

    public AccountState(string accountId, bool persisted, long available, long held, long lastSequence,
        LeadState leadState, string? claimedBy, IEnumerable<Lot> lots, IEnumerable<Hold> holds)
    {
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
    public bool IsDirty { get; private set; }

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
        if (command.ExpiresAt is { } expiresAt && expiresAt <= context.Now)
        {
            throw LedgerErrors.Invalid("expires_at", "expires_at must be in the future.");
        }
        RequireRoomFor(command.Amount, "amount");
        var lot = NewLot(command.Amount, command.Bucket, command.Priority ?? context.Options.DefaultPriority(command.Bucket),
            command.ExpiresAt, command.Reference, context);
        Available += command.Amount;
        Append(context, EntryKind.Grant, command.Amount, command.Actor, command.IdempotencyKey, command.Metadata,
            lotId: lot.LotId, parts: [new LotPart(lot.LotId, lot.Amount)], bucket: lot.Bucket, reference: lot.Reference);
        return lot;
    }

    public Hold Reserve(ReserveCommand command, RuleContext context)
    {
        var amount = command.PricedAmount;
        if (Available < amount)
        {
            throw LedgerErrors.InsufficientCredits(Available, amount);
        }
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
        switch (hold.State)
        {
            case HoldState.Committed when requested == hold.Committed:
                return (hold.Committed, hold.Released);
            case HoldState.Committed:
                throw LedgerErrors.HoldAlreadyCommitted(hold.HoldId, hold.Committed);
            case HoldState.Released or HoldState.Expired:
                throw LedgerErrors.HoldNotActive(hold.HoldId, HoldStates.Name(hold.State));
        }
        if (requested > hold.Amount)
        {
            throw LedgerErrors.Invalid("amount", $"amount must be at most the {hold.Amount} credits held.");
        }

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

    /// <summary>Gives the hold back; releasing a released or expired hold again returns the same outcome.</summary>
    public long Release(Hold hold, string actor, RuleContext context)
    {
        switch (hold.State)
        {
            case HoldState.Released or HoldState.Expired:
                return hold.Released;
            case HoldState.Committed:
                throw LedgerErrors.HoldNotActive(hold.HoldId, HoldStates.Name(hold.State));
        }
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
        RequireRoomFor(total, "lead_account_id");
        var parts = new List<LotPart>();
        foreach (var (source, amount) in moved)
        {
            var lot = NewLot(amount, source.Bucket, source.Priority, source.ExpiresAt, source.LotId, context);
            parts.Add(new LotPart(lot.LotId, amount));
        }
        Available += total;
        Append(context, EntryKind.TransferIn, total, actor, idempotencyKey, NoMetadata, parts: parts, reference: fromAccountId);
    }

    public void MarkClaimedBy(string userAccountId)
    {
        LeadState = LeadState.Claimed;
        ClaimedBy = userAccountId;
        IsDirty = true;
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
        return new BalanceView(AccountId, Available, Held, buckets, nextExpiry);
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

    private void ReturnHold(Hold hold, HoldState endState, EntryKind kind, string actor, RuleContext context)
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
        Append(context, kind, 0, actor, "", NoMetadata, holdId: hold.HoldId, parts: hold.Parts, feature: hold.Feature);
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

    /// <summary>Removes the unheld credits of every expired lot, one entry per lot.</summary>
    private void ExpireLots(RuleContext context)
    {
        var expired = BurnDown.Order(_lots.Values.Where(lot => lot.IsExpiredAt(context.Now) && lot.Remaining > lot.Held)).ToList();
        foreach (var lot in expired)
        {
            var amount = lot.Remaining - lot.Held;
            lot.Remaining -= amount;
            lot.IsDirty = true;
            Available -= amount;
            Append(context, EntryKind.LotExpire, -amount, Actors.System, "", NoMetadata,
                lotId: lot.LotId, parts: [new LotPart(lot.LotId, amount)], bucket: lot.Bucket);
        }
    }

    public void RequireRoomFor(long amount, string field)
    {
        if (Available + Held + amount > AccountTotalMax)
        {
            throw LedgerErrors.Invalid(field, $"The account would hold more than {AccountTotalMax} credits.");
        }
    }

    private Lot NewLot(long amount, Bucket bucket, int priority, DateTimeOffset? expiresAt, string reference, RuleContext context)
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
            parts ?? [], feature, actor, idempotencyKey, metadata, context.Now, bucket, reference));
    }
}
