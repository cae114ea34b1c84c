using Credits.Ledger.Balances;
using Credits.Ledger.Clawbacks;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Holds;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Notifications;

namespace Credits.Ledger.Accounts;

/// <summary>
/// One account loaded for a batch: its live lots, relevant holds and claw-backs, held in memory while
/// the rules decide commands. The aggregate keeps its balance and its journal in step: every
/// change goes through a method of this class (split by concept across the Account.*.cs files),
/// which changes lots, holds and claw-backs only through their own guarded methods.
/// Rules check what the caller may ask (errors are values) before calling these methods; a
/// method that finds its precondition broken throws, because that is a bug.
/// </summary>
/// <remarks>
/// Stored-state invariants (<see cref="Invariants.AccountInvariants"/>, checked after load and before every
/// write): <c>Available</c> is the sum over lots of unheld credits, <c>Held</c> the sum of lot
/// <c>Held</c> and of active hold amounts, <c>Owed</c> the outstanding claw-backs. After
/// <see cref="CatchUp"/>, no expired lot has unheld credits, so <c>Available</c> is also what can be
/// reserved right now.
/// </remarks>
internal sealed partial class Account
{
    /// <summary>Largest total (available + held) an account may reach, far below overflow.</summary>
    public const long AccountTotalMax = 1_000_000_000_000_000;

    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private readonly Dictionary<string, Lot> _lots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Hold> _holds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Clawback> _clawbacks = new(StringComparer.Ordinal);
    private readonly List<JournalEntry> _newEntries = [];
    private bool _changed;
    private byte[]? _lastHash;

    public Account(string accountId, bool persisted, long available, long held, long lastSequence,
        LeadState leadState, string? claimedBy, IEnumerable<Lot> lots, IEnumerable<Hold> holds,
        long owed = 0, IEnumerable<Clawback>? clawbacks = null, byte[]? lastHash = null, NotificationState? notifications = null,
        long lastUsageSequence = 0)
    {
        AccountId = accountId;
        Kind = AccountIds.KindOf(accountId);
        Persisted = persisted;
        Available = available;
        Held = held;
        LastSequence = lastSequence;
        LoadedUsageSequence = lastUsageSequence;
        LastUsageSequence = lastUsageSequence;
        LeadState = leadState;
        ClaimedBy = claimedBy;
        Owed = owed;
        // An account without entries chains from the genesis hash; one with entries but no stored
        // hash was written before the chain existed and was never back-filled (a migration does it).
        _lastHash = lastHash ?? (lastSequence == 0 ? JournalChain.Genesis.ToArray() : null);
        foreach (var lot in lots)
        {
            _lots.Add(lot.LotId, lot);
        }
        foreach (var hold in holds)
        {
            _holds.Add(hold.HoldId, hold);
        }
        foreach (var clawback in clawbacks ?? [])
        {
            _clawbacks.Add(clawback.Reference, clawback);
        }
        LoadNotifications(notifications ?? NotificationState.Initial);
    }

    public static Account Empty(string accountId) =>
        new(accountId, persisted: false, 0, 0, 0, LeadState.None, null, [], []);

    public string AccountId { get; }
    public AccountKind Kind { get; }

    /// <summary>True when the account has a row in the database.</summary>
    public bool Persisted { get; }
    public long Available { get; private set; }
    public long Held { get; private set; }
    public long LastSequence { get; private set; }

    /// <summary>
    /// The sequence of the account's last entry the usage aggregates count (<see cref="Analytics.Projection.UsageTally.Counts"/>):
    /// kept on the account row in the batch's own write, so the usage projector can tell from the
    /// rows alone which accounts it has not caught up with.
    /// </summary>
    public long LastUsageSequence { get; private set; }

    /// <summary><see cref="LastUsageSequence"/> as loaded, before this batch.</summary>
    public long LoadedUsageSequence { get; }
    public LeadState LeadState { get; private set; }
    public string? ClaimedBy { get; private set; }

    /// <summary>The hash of the last journal entry (<see cref="JournalChain"/>); stored on the account row so a batch never reads the journal.</summary>
    public byte[] LastHash => _lastHash ?? throw new InvalidOperationException(
        $"Account {AccountId} has journal entries without a hash chain; run the migrations (they back-fill it).");

    /// <summary>Credits taken back that were already spent; repaid from the next credits that arrive.</summary>
    public long Owed { get; private set; }

    /// <summary>True when the account row itself must be written (balance, sequence, lead state or notification preferences changed).</summary>
    public bool IsDirty => _changed;

    /// <summary>True when the batch changed the account, so its rows are written and any cached balance is stale.</summary>
    public bool HasChanges => _changed || _newEntries.Count > 0;

    /// <summary>
    /// True when a lot, hold or claw-back was changed or added. Each such change also appends a
    /// journal entry (every method of this class that makes one ends in <c>Append</c>), which the
    /// heavy-account cache relies on to know a stored state by its sequence.
    /// </summary>
    internal bool HasDirtyRows =>
        _lots.Values.Any(lot => lot.IsDirty) || _holds.Values.Any(hold => hold.IsDirty) || _clawbacks.Values.Any(clawback => clawback.IsDirty);

    public IEnumerable<Lot> Lots => _lots.Values;
    public IEnumerable<Hold> Holds => _holds.Values;
    public IEnumerable<Clawback> Clawbacks => _clawbacks.Values;
    public IReadOnlyList<JournalEntry> NewEntries => _newEntries;

    public bool TryGetHold(string holdId, out Hold hold) => _holds.TryGetValue(holdId, out hold!);

    /// <summary>The claw-back with <paramref name="reference"/>, if this account has one.</summary>
    public Clawback? FindClawback(string reference) => _clawbacks.GetValueOrDefault(reference);

    /// <summary>Null when <paramref name="amount"/> more credits fit in the account; else the error naming <paramref name="field"/>.</summary>
    public LedgerError? RoomFor(long amount, string field) =>
        Available + Held + amount > AccountTotalMax
            ? LedgerErrors.Invalid(field, $"The account would hold more than {AccountTotalMax} credits.")
            : null;

    /// <summary>
    /// Credits that can pay for <paramref name="feature"/> right now (null: a spend by amount, which
    /// never touches feature-scoped lots). <see cref="Available"/> counts every lot.
    /// </summary>
    public long Spendable(string? feature, DateTimeOffset now) => BurnDown.AvailableFor(_lots.Values, feature, now);

    /// <summary>Lots and holds loaded with the account: what a batch touching it costs to load.</summary>
    internal int LoadedRows => _lots.Count + _holds.Count;

    /// <summary>Null when the account may take one more lot from a caller; else the error naming the cap.</summary>
    public LedgerError? RoomForLot(LedgerOptions options) =>
        _lots.Values.Count(lot => lot.Remaining > 0) >= options.LiveLotsPerAccountMax
            ? LedgerErrors.AccountLimitReached("live_lots", options.LiveLotsPerAccountMax)
            : null;

    /// <summary>Null when the account may take one more hold; else the error naming the cap.</summary>
    public LedgerError? RoomForHold(LedgerOptions options) =>
        _holds.Values.Count(hold => hold.IsActive) >= options.ActiveHoldsPerAccountMax
            ? LedgerErrors.AccountLimitReached("active_holds", options.ActiveHoldsPerAccountMax)
            : null;

    /// <summary>
    /// Applies what time and first use have made due: a lead's one-time allowance, then expired
    /// holds (released) and expired lots (removed), then warnings of lots about to expire (writes
    /// only: <paramref name="warn"/> is false for reads, which run it on a copy they never write and
    /// would otherwise stop caching an account with a warning due).
    /// </summary>
    public void CatchUp(RuleContext context, bool warn = true)
    {
        if (Kind == AccountKind.Lead && LeadState == LeadState.None)
        {
            GrantLeadAllowance(context);
        }
        var expiredHolds = _holds.Values
            .Where(hold => hold.IsActive && hold.IsExpiredAt(context.Now))
            .OrderBy(hold => hold.ExpiresAt)
            .ThenBy(hold => hold.HoldId, StringComparer.Ordinal)
            .ToList();
        foreach (var hold in expiredHolds)
        {
            ReturnHold(hold, HoldState.Expired, EntryKind.HoldExpire, Actors.System, context);
        }
        ExpireLots(context);
        if (warn)
        {
            WarnOfExpiringLots(context);
        }
    }

    /// <summary>Adds a lot of credits; they first repay what the account owes.</summary>
    public Lot Grant(Commands.GrantCommand command, RuleContext context)
    {
        var lot = AddLot(command.Amount, command.Bucket, command.Priority ?? context.Options.DefaultPriority(command.Bucket),
            command.ExpiresAt, command.Reference, context, command.Rollover, command.Features);
        Append(context, EntryKind.Grant, command.Amount, command.Actor, command.IdempotencyKey, command.Metadata,
            lotId: lot.LotId, parts: [new LotPart(lot.LotId, lot.Amount)], bucket: lot.Bucket, reference: lot.Reference);
        RepayDebts([lot], command.Actor, context);
        return lot;
    }

    /// <summary>Writes a note entry; the balance does not change.</summary>
    public long Note(Commands.NoteCommand command, RuleContext context)
    {
        Append(context, EntryKind.Note, 0, command.Actor, command.IdempotencyKey, command.Metadata, reference: command.Reference);
        return LastSequence;
    }

    /// <summary>Creates a lot whose credits are available at once.</summary>
    private Lot AddLot(long amount, Bucket bucket, int priority, DateTimeOffset? expiresAt, string reference, RuleContext context,
        RolloverTerms? rollover = null, IReadOnlyList<string>? features = null)
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
            Features = features ?? [],
            IsNew = true,
        };
        _lots.Add(lot.LotId, lot);
        Available += amount;
        return lot;
    }

    /// <summary>Removes unheld credits from a lot (moved, clawed back, repaid or expired).</summary>
    private void TakeFrom(Lot lot, long amount)
    {
        lot.Take(amount);
        Available -= amount;
    }

    private void Append(RuleContext context, EntryKind kind, long amount, string actor, string idempotencyKey,
        IReadOnlyDictionary<string, string> metadata, string lotId = "", string holdId = "",
        IReadOnlyList<LotPart>? parts = null, string feature = "", Bucket? bucket = null, string reference = "")
    {
        LastSequence++;
        _changed = true;
        var entry = new JournalEntry(AccountId, LastSequence, kind, amount, Available, Held, lotId, holdId,
            parts ?? [], feature, actor, idempotencyKey, metadata, context.Now, bucket, reference, Owed);
        _lastHash = JournalChain.Next(LastHash, entry);
        _newEntries.Add(entry with { Hash = _lastHash });
        if (Analytics.Projection.UsageTally.Counts(kind))
        {
            LastUsageSequence = LastSequence;
        }
        WatchBalance(kind, amount, context);
    }

    private static List<LotPart> Parts(IEnumerable<(Lot Lot, long Amount)> taken) =>
        taken.Select(part => new LotPart(part.Lot.LotId, part.Amount)).ToList();
}
