using System.Globalization;
using System.Text.RegularExpressions;
using Credits.Audit.Tests.Support;
using Credits.V1;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Grpc.Core;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// A small in-memory ledger that says what the real one must answer. Each operation first applies
/// what the server applies to every account it touches (lead allowance, expired holds, expired and
/// rolled-over lots), then the idempotency rule, then the operation's own rule, and returns the
/// expected reply or error. It never calls the ledger's domain code: the rules are restated from the
/// contract. This part holds the calls the gRPC service takes; the others hold the domain commands.
/// </summary>
public sealed partial class ModelLedger
{
    private readonly Dictionary<string, ModelAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelHold> _holdsById = new(StringComparer.Ordinal);
    private readonly List<ModelHold> _holds = [];
    private readonly List<ModelHold> _freezes = [];
    private readonly HashSet<string> _lotIds = new(StringComparer.Ordinal);
    private readonly List<ModelLot> _boundLots = [];
    private readonly Dictionary<(string AccountId, string Key), KeyRecord> _keys = [];

    public ModelLedger(long startMs) => NowMs = startMs;

    public long NowMs { get; private set; }

    public ModelCoverage Coverage { get; } = new();

    /// <summary>The caller every request comes from, which the journal names as the actor.</summary>
    public static string Actor => AuditConfiguration.KeyName;

    public IEnumerable<ModelAccount> Accounts => _accounts.Values;

    /// <summary>Every reservation the server confirmed, in creation order.</summary>
    public IReadOnlyList<ModelHold> Holds => _holds;

    /// <summary>Every freeze the journal showed, in creation order; callers cannot commit or release them.</summary>
    public IReadOnlyList<ModelHold> Freezes => _freezes;

    public ModelAccount Account(string accountId)
    {
        if (!_accounts.TryGetValue(accountId, out var account))
        {
            account = new ModelAccount(accountId, Coverage);
            _accounts.Add(accountId, account);
        }
        return account;
    }

    public void Advance(long ms) => NowMs += ms;

    public ModelHold? FindHold(string holdId) => _holdsById.GetValueOrDefault(holdId);

    /// <summary>Every lot whose id is known, spent and expired ones included, in the order the ids were learned.</summary>
    public IReadOnlyList<ModelLot> KnownLots => _boundLots;

    public (Expected Outcome, ModelLot? NewLot) Grant(GrantRequest request)
    {
        long? expiresAtMs = request.ExpiresAt is null ? null : ModelTime.ToMs(request.ExpiresAt.ToDateTimeOffset());
        var grant = new ModelGrant(request.AccountId, request.Amount, request.Bucket, expiresAtMs,
            request.HasPriority ? request.Priority : null, request.Reference, request.IdempotencyKey, Copy(request.Metadata), null);
        return Grant(grant, ModelFingerprint.Of(request), ModelChannel.Grpc);
    }

    public (Expected Outcome, ModelHold? NewHold) Reserve(ReserveRequest request)
    {
        var account = Account(request.AccountId);
        long amount;
        if (request.CostCase == ReserveRequest.CostOneofCase.Feature)
        {
            // The price is looked up before the request reaches the ledger: an unknown feature touches nothing.
            if (!AuditConfiguration.Prices.TryGetValue(request.Feature, out var price))
            {
                return (Expected.Fail(ExpectedError.Of(StatusCode.NotFound, "FEATURE_NOT_FOUND", ("feature", request.Feature)), ModelChannel.Grpc), null);
            }
            amount = price * Math.Max(1, request.Quantity);
        }
        else
        {
            amount = request.Amount;
        }
        // Only a lead is created by a reserve, so that its allowance is granted on first use.
        Touch(account, create: account.IsLead);
        // A reserve for a pool member leaves the member's own account alone: the workload sets no
        // fallback policy, and only that policy makes the reserve lock (and catch up) it.
        var fingerprint = ModelFingerprint.Of(request);
        if (Replay(request.AccountId, request.IdempotencyKey, fingerprint, ModelChannel.Grpc) is { } replay)
        {
            return (replay, null);
        }
        if (request.OnBehalfOf.Length > 0 && PoolRefusal(request, amount) is { } refusal)
        {
            return (Expected.Fail(refusal, ModelChannel.Grpc), null);
        }
        var feature = request.CostCase == ReserveRequest.CostOneofCase.Feature ? request.Feature : "";
        var spendable = account.Spendable(feature, NowMs);
        if (spendable < amount)
        {
            return (Expected.Fail(InsufficientCredits(spendable, amount), ModelChannel.Grpc), null);
        }
        var ttlMs = (long)(request.Ttl?.ToTimeSpan() ?? AuditConfiguration.HoldTtlDefault).TotalMilliseconds;
        var parts = account.Pick(amount, NowMs, feature);
        var hold = new ModelHold(account.Id, amount, NowMs + ttlMs, parts, feature) { CreatedAtMs = NowMs };
        account.AddHold(hold);
        _holds.Add(hold);
        if (request.OnBehalfOf.Length > 0)
        {
            TrackPoolHold(request, hold);
        }
        account.Append(NowMs, EntryKind.Reserve, 0, Actor, request.IdempotencyKey, Copy(request.Metadata), hold: hold, parts: parts,
            feature: feature);
        var balance = View(account);
        // The first answer's expiry, which a retry returns even after an ExtendHold moved it.
        var expiresAtMs = hold.ExpiresAtMs;
        IMessage Reply() => new ReserveResponse
        {
            HoldId = hold.Id ?? "(unbound)",
            Amount = amount,
            ExpiresAt = ModelTime.ToTimestamp(expiresAtMs),
            Balance = balance,
        };
        Remember(request.AccountId, request.IdempotencyKey, fingerprint, () => $"ok {Reply()}");
        return (Expected.Reply(Reply), hold);
    }

    public Expected Commit(CommitRequest request)
    {
        if (request.HasAmount && request.Amount <= 0)
        {
            return Expected.Fail(Invalid("amount"), ModelChannel.Grpc);
        }
        if (!_holdsById.TryGetValue(request.HoldId, out var hold))
        {
            return Expected.Fail(HoldNotFound(request.HoldId), ModelChannel.Grpc);
        }
        var account = Account(hold.AccountId);
        Touch(account, create: false);
        if (hold.IsFreeze)
        {
            // The ledger finds the hold and loads (and catches up) its account, then hides it from callers.
            Coverage.Count("commit of a freeze found no hold");
            return Expected.Fail(HoldNotFound(request.HoldId), ModelChannel.Grpc);
        }
        var requested = request.HasAmount ? request.Amount : hold.Amount;
        switch (hold.State)
        {
            case ModelHoldState.Committed when requested == hold.Committed:
                return CommitReply(hold, account);
            case ModelHoldState.Committed:
                return Expected.Fail(ExpectedError.Of(StatusCode.AlreadyExists, "HOLD_ALREADY_COMMITTED",
                    ("holdId", hold.Id!), ("committed", Number(hold.Committed))), ModelChannel.Grpc);
            case ModelHoldState.Released or ModelHoldState.Expired:
                return Expected.Fail(HoldNotActive(hold), ModelChannel.Grpc);
        }
        if (requested > hold.Amount)
        {
            return Expected.Fail(Invalid("amount"), ModelChannel.Grpc);
        }
        account.Commit(hold, requested, Actor, Copy(request.Metadata), NowMs);
        return CommitReply(hold, account);
    }

    public Expected Release(ReleaseRequest request)
    {
        if (!_holdsById.TryGetValue(request.HoldId, out var hold))
        {
            return Expected.Fail(HoldNotFound(request.HoldId), ModelChannel.Grpc);
        }
        var account = Account(hold.AccountId);
        Touch(account, create: false);
        if (hold.IsFreeze)
        {
            Coverage.Count("release of a freeze found no hold");
            return Expected.Fail(HoldNotFound(request.HoldId), ModelChannel.Grpc);
        }
        switch (hold.State)
        {
            case ModelHoldState.Committed:
                return Expected.Fail(HoldNotActive(hold), ModelChannel.Grpc);
            case ModelHoldState.Active:
                account.ReturnHold(hold, ModelHoldState.Released, EntryKind.Release, Actor, NowMs);
                break;
        }
        var balance = View(account);
        var released = hold.Released;
        return Expected.Reply(() => new ReleaseResponse { Released = released, Balance = balance });
    }

    public Expected ClaimLead(ClaimLeadRequest request)
    {
        var lead = Account(request.LeadAccountId);
        var user = Account(request.UserAccountId);
        Touch(lead, create: true);
        Touch(user, create: true);
        var fingerprint = ModelFingerprint.Of(request);
        if (Replay(lead.Id, request.IdempotencyKey, fingerprint, ModelChannel.Grpc) is { } replay)
        {
            return replay;
        }
        long moved = 0;
        if (lead.LeadState == ModelLeadState.Claimed)
        {
            if (lead.ClaimedBy != user.Id)
            {
                return Expected.Fail(ExpectedError.Of(StatusCode.FailedPrecondition, "LEAD_ALREADY_CLAIMED", ("leadAccountId", lead.Id)),
                    ModelChannel.Grpc);
            }
        }
        else
        {
            var parts = lead.TransferOut(user.Id, Actor, request.IdempotencyKey, NowMs);
            Coverage.Count(parts.Count > 0 ? "claim moved credits" : "claim moved nothing");
            user.TransferIn(lead.Id, parts, Actor, request.IdempotencyKey, NowMs);
            lead.MarkClaimedBy(user.Id);
            moved = parts.Sum(part => part.Amount);
        }
        var balance = View(user);
        IMessage Reply() => new ClaimLeadResponse { Moved = moved, Balance = balance };
        Remember(lead.Id, request.IdempotencyKey, fingerprint, () => $"ok {Reply()}");
        return Expected.Reply(Reply);
    }

    /// <summary>
    /// What one pass of the expiry sweeper does; returns how many accounts had something due (expired
    /// gift codes, returned after them, are not counted). <paramref name="giftCodeRank"/> orders codes
    /// that expire at the same moment (see <see cref="ReturnExpiredGiftCodes"/>).
    /// </summary>
    public int Sweep(Func<ModelGiftCode, int> giftCodeRank)
    {
        var due = _accounts.Values.Where(account => account.Exists
            && (account.Holds.Any(hold => hold.State == ModelHoldState.Active && hold.IsExpiredAt(NowMs))
                || account.Lots.Any(lot => lot.IsExpiredAt(NowMs) && lot.Remaining > lot.Held))).ToList();
        foreach (var account in due)
        {
            var before = account.Journal.Count;
            account.CatchUp(NowMs);
            var written = account.Journal.Skip(before).ToList();
            if (written.Any(entry => entry.Kind == EntryKind.LotExpire))
            {
                Coverage.Count("sweep wrote a lot expiry");
            }
            if (written.Any(entry => entry.Kind == EntryKind.Rollover))
            {
                Coverage.Count("sweep wrote a rollover");
            }
        }
        ReturnExpiredGiftCodes(giftCodeRank);
        return due.Count;
    }

    /// <summary>
    /// The balance a read returns now: the account as it would be after catching up (expired holds
    /// give their credits back, expired lots count for nothing and roll over, an unused lead holds its
    /// allowance), computed on a copy, because reads never write.
    /// </summary>
    public Balance BalanceOf(ModelAccount account)
    {
        var copy = account.CopyForRead();
        copy.CatchUp(NowMs);
        // The stored journal's end: a read applies due expiries without writing their entries.
        return View(copy, lastSequence: account.Journal.Count);
    }

    /// <summary>
    /// Whether applying what is due to the account would create lots (rollover lots) that the burn-down
    /// order can only tell apart by ids the model learns from the journal afterwards. The workload
    /// sweeps first in that case, so that no rule of the operation itself needs those ids.
    /// </summary>
    public bool CatchUpNeedsUnknownIds(ModelAccount account) => CatchUpNeedsUnknownIds(account, NowMs);

    /// <summary>
    /// The same question at a later moment: a catch-up then may create several rollover lots of one
    /// source that are due at once and tie in burn-down order, which only their ids (random, learned
    /// from the journal afterwards) can order. A sweep cannot help there, so the clock must not jump so far.
    /// </summary>
    public static bool CatchUpNeedsUnknownIds(ModelAccount account, long atMs)
    {
        var copy = account.CopyForRead();
        try
        {
            copy.CatchUp(atMs);
            _ = ModelBurnDown.Order(copy.Lots).ToList();
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>Gives a lot the id the server chose; returns what is wrong with it, or null.</summary>
    public string? BindLot(ModelLot lot, string id)
    {
        if (lot.Id == id)
        {
            return null;
        }
        if (lot.Id is not null)
        {
            return $"lot {lot.Id} is now called {id}";
        }
        if (!OpaqueId().IsMatch(id))
        {
            return $"lot id '{id}' is not 1 to 64 of [A-Za-z0-9_-]";
        }
        if (!_lotIds.Add(id))
        {
            return $"lot id {id} already names another lot";
        }
        lot.Bind(id);
        _boundLots.Add(lot);
        return null;
    }

    /// <summary>Gives a new hold (a reservation from its reply, a freeze from the journal) the id the server chose; returns what is wrong with it, or null.</summary>
    public string? BindHold(ModelHold hold, string id)
    {
        if (hold.Id == id)
        {
            return null;
        }
        if (hold.Id is not null)
        {
            return $"hold {hold.Id} is now called {id}";
        }
        if (!OpaqueId().IsMatch(id))
        {
            return $"hold id '{id}' is not 1 to 64 of [A-Za-z0-9_-]";
        }
        if (!_holdsById.TryAdd(id, hold))
        {
            return $"hold id {id} already names another hold";
        }
        hold.Bind(id);
        return null;
    }

    /// <summary>Ends an operation: drops spent lots and checks the model's own invariants.</summary>
    public void Settle()
    {
        foreach (var account in _accounts.Values)
        {
            account.DropSpentLots();
            account.CheckInvariants();
        }
    }

    /// <summary>The account's stored balance, as a write answers it (after its catch-up; nothing applied for an account the ledger does not have).</summary>
    private Balance View(ModelAccount account) => View(account, account.Journal.Count);

    private Balance View(ModelAccount account, long lastSequence)
    {
        var balance = new Balance
        {
            AccountId = account.Id,
            Available = account.Available,
            Held = account.Held,
            Owed = account.Owed,
            Frozen = account.Frozen,
            LastSequence = lastSequence,
        };
        foreach (var bucket in account.Lots.GroupBy(lot => lot.Bucket).OrderBy(group => group.Key))
        {
            var available = bucket.Sum(lot => lot.AvailableAt(NowMs));
            var held = bucket.Sum(lot => lot.Held);
            if (available != 0 || held != 0)
            {
                balance.Buckets.Add(new BucketBalance { Bucket = bucket.Key, Available = available, Held = held });
            }
        }
        var expiring = account.Lots.Where(lot => lot.ExpiresAtMs is not null && lot.AvailableAt(NowMs) > 0).ToList();
        if (expiring.Count > 0)
        {
            var soonest = expiring.Min(lot => lot.ExpiresAtMs!.Value);
            balance.NextExpiry = new Expiry
            {
                Amount = expiring.Where(lot => lot.ExpiresAtMs == soonest).Sum(lot => lot.AvailableAt(NowMs)),
                ExpiresAt = ModelTime.ToTimestamp(soonest),
            };
        }
        return balance;
    }

    private void Touch(ModelAccount account, bool create)
    {
        if (create)
        {
            account.Exists = true;
        }
        if (account.Exists)
        {
            account.CatchUp(NowMs);
        }
    }

    private Expected? Replay(string accountId, string key, string fingerprint, ModelChannel channel)
    {
        if (!_keys.TryGetValue((accountId, key), out var record))
        {
            return null;
        }
        if (record.ExpiresAtMs <= NowMs)
        {
            // Past the retention window the key is forgotten: the request is decided afresh.
            Coverage.Count("key forgotten");
            return null;
        }
        if (record.Fingerprint != fingerprint)
        {
            return Expected.Fail(ExpectedError.Of(StatusCode.AlreadyExists, "IDEMPOTENCY_KEY_REUSED", ("idempotencyKey", key)), channel);
        }
        Coverage.Count(channel == ModelChannel.Grpc ? "replay" : "replay of a domain command");
        return Expected.Text(record.Reply);
    }

    private void Remember(string accountId, string key, string fingerprint, Func<string> reply) =>
        _keys[(accountId, key)] = new KeyRecord(fingerprint, reply, NowMs + (long)AuditConfiguration.IdempotencyKeyRetention.TotalMilliseconds);

    private Expected CommitReply(ModelHold hold, ModelAccount account)
    {
        var balance = View(account);
        var (committed, released) = (hold.Committed, hold.Released);
        return Expected.Reply(() => new CommitResponse { Committed = committed, Released = released, Balance = balance });
    }

    private static Dictionary<string, string> Copy(MapField<string, string> metadata) => new(metadata, StringComparer.Ordinal);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static ExpectedError Invalid(string field) =>
        ExpectedError.Of(StatusCode.InvalidArgument, "INVALID_REQUEST", ("field", field));

    private static ExpectedError InsufficientCredits(long available, long requested) =>
        ExpectedError.Of(StatusCode.FailedPrecondition, "INSUFFICIENT_CREDITS", ("available", Number(available)), ("requested", Number(requested)));

    private static ExpectedError HoldNotFound(string holdId) =>
        ExpectedError.Of(StatusCode.NotFound, "HOLD_NOT_FOUND", ("holdId", holdId));

    private static ExpectedError HoldNotActive(ModelHold hold) =>
        ExpectedError.Of(StatusCode.FailedPrecondition, "HOLD_NOT_ACTIVE", ("holdId", hold.Id!), ("state", hold.StateName));

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex OpaqueId();
}
