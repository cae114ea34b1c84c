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
/// what the server applies to every account it touches (lead allowance, expired holds, expired lots),
/// then the idempotency rule, then the operation's own rule, and returns the expected reply or error.
/// It never calls the ledger's domain code: the rules are restated from the contract.
/// </summary>
public sealed partial class ModelLedger
{
    private readonly Dictionary<string, ModelAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelHold> _holdsById = new(StringComparer.Ordinal);
    private readonly List<ModelHold> _holds = [];
    private readonly HashSet<string> _lotIds = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AccountId, string Key), KeyRecord> _keys = [];

    public ModelLedger(long startMs) => NowMs = startMs;

    public long NowMs { get; private set; }

    public ModelCoverage Coverage { get; } = new();

    /// <summary>The caller every request comes from, which the journal names as the actor.</summary>
    public static string Actor => AuditConfiguration.KeyName;

    public IEnumerable<ModelAccount> Accounts => _accounts.Values;

    /// <summary>Every hold the server confirmed, in creation order.</summary>
    public IReadOnlyList<ModelHold> Holds => _holds;

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

    public (Expected Outcome, ModelLot? NewLot) Grant(GrantRequest request)
    {
        var account = Account(request.AccountId);
        Touch(account, create: true);
        if (Replay(request.AccountId, request.IdempotencyKey, Fingerprint(request)) is { } replay)
        {
            return (replay, null);
        }
        long? expiresAtMs = request.ExpiresAt is null ? null : ModelTime.ToMs(request.ExpiresAt.ToDateTimeOffset());
        if (expiresAtMs <= NowMs)
        {
            return (Expected.Fail(Invalid("expires_at")), null);
        }
        var priority = request.HasPriority ? request.Priority : AuditConfiguration.DefaultPriorities[request.Bucket];
        var lot = account.AddLot(request.Bucket, priority, expiresAtMs, NowMs, request.Amount);
        account.Append(NowMs, EntryKind.Grant, request.Amount, Actor, request.IdempotencyKey, Copy(request.Metadata), lot: lot,
            parts: [new ModelPart(lot, request.Amount)], bucket: request.Bucket, reference: request.Reference);
        var balance = BalanceOf(account);
        IMessage Reply() => new GrantResponse { LotId = lot.Id ?? "(unbound)", Balance = balance };
        Remember(request.AccountId, request.IdempotencyKey, Fingerprint(request), Reply);
        return (Expected.Reply(Reply), lot);
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
                return (Expected.Fail(ExpectedError.Of(StatusCode.NotFound, "FEATURE_NOT_FOUND", ("feature", request.Feature))), null);
            }
            amount = price * Math.Max(1, request.Quantity);
        }
        else
        {
            amount = request.Amount;
        }
        // Only a lead is created by a reserve, so that its allowance is granted on first use.
        Touch(account, create: account.IsLead);
        if (Replay(request.AccountId, request.IdempotencyKey, Fingerprint(request)) is { } replay)
        {
            return (replay, null);
        }
        if (account.Available < amount)
        {
            return (Expected.Fail(InsufficientCredits(account.Available, amount)), null);
        }
        var ttlMs = (long)(request.Ttl?.ToTimeSpan() ?? AuditConfiguration.HoldTtlDefault).TotalMilliseconds;
        var parts = account.Pick(amount, NowMs);
        var feature = request.CostCase == ReserveRequest.CostOneofCase.Feature ? request.Feature : "";
        var hold = new ModelHold(account.Id, amount, NowMs + ttlMs, parts, feature);
        account.AddHold(hold);
        _holds.Add(hold);
        account.Append(NowMs, EntryKind.Reserve, 0, Actor, request.IdempotencyKey, Copy(request.Metadata), hold: hold, parts: parts,
            feature: feature);
        var balance = BalanceOf(account);
        IMessage Reply() => new ReserveResponse
        {
            HoldId = hold.Id ?? "(unbound)",
            Amount = amount,
            ExpiresAt = ModelTime.ToTimestamp(hold.ExpiresAtMs),
            Balance = balance,
        };
        Remember(request.AccountId, request.IdempotencyKey, Fingerprint(request), Reply);
        return (Expected.Reply(Reply), hold);
    }

    public Expected Commit(CommitRequest request)
    {
        if (request.HasAmount && request.Amount <= 0)
        {
            return Expected.Fail(Invalid("amount"));
        }
        if (!_holdsById.TryGetValue(request.HoldId, out var hold))
        {
            return Expected.Fail(HoldNotFound(request.HoldId));
        }
        var account = Account(hold.AccountId);
        Touch(account, create: false);
        var requested = request.HasAmount ? request.Amount : hold.Amount;
        switch (hold.State)
        {
            case ModelHoldState.Committed when requested == hold.Committed:
                return CommitReply(hold, account);
            case ModelHoldState.Committed:
                return Expected.Fail(ExpectedError.Of(StatusCode.AlreadyExists, "HOLD_ALREADY_COMMITTED",
                    ("holdId", hold.Id!), ("committed", Number(hold.Committed))));
            case ModelHoldState.Released or ModelHoldState.Expired:
                return Expected.Fail(HoldNotActive(hold));
        }
        if (requested > hold.Amount)
        {
            return Expected.Fail(Invalid("amount"));
        }
        account.Commit(hold, requested, Actor, Copy(request.Metadata), NowMs);
        return CommitReply(hold, account);
    }

    public Expected Release(ReleaseRequest request)
    {
        if (!_holdsById.TryGetValue(request.HoldId, out var hold))
        {
            return Expected.Fail(HoldNotFound(request.HoldId));
        }
        var account = Account(hold.AccountId);
        Touch(account, create: false);
        switch (hold.State)
        {
            case ModelHoldState.Committed:
                return Expected.Fail(HoldNotActive(hold));
            case ModelHoldState.Active:
                account.ReturnHold(hold, ModelHoldState.Released, EntryKind.Release, Actor, NowMs);
                break;
        }
        var balance = BalanceOf(account);
        var released = hold.Released;
        return Expected.Reply(() => new ReleaseResponse { Released = released, Balance = balance });
    }

    public Expected ClaimLead(ClaimLeadRequest request)
    {
        var lead = Account(request.LeadAccountId);
        var user = Account(request.UserAccountId);
        Touch(lead, create: true);
        Touch(user, create: true);
        if (Replay(lead.Id, request.IdempotencyKey, Fingerprint(request)) is { } replay)
        {
            return replay;
        }
        long moved = 0;
        if (lead.LeadState == ModelLeadState.Claimed)
        {
            if (lead.ClaimedBy != user.Id)
            {
                return Expected.Fail(ExpectedError.Of(StatusCode.FailedPrecondition, "LEAD_ALREADY_CLAIMED", ("leadAccountId", lead.Id)));
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
        var balance = BalanceOf(user);
        IMessage Reply() => new ClaimLeadResponse { Moved = moved, Balance = balance };
        Remember(lead.Id, request.IdempotencyKey, Fingerprint(request), Reply);
        return Expected.Reply(Reply);
    }

    /// <summary>What one pass of the expiry sweeper does; returns how many accounts had something due.</summary>
    public int Sweep()
    {
        var due = _accounts.Values.Count(account => account.Exists
            && (account.Holds.Any(hold => hold.State == ModelHoldState.Active && hold.IsExpiredAt(NowMs))
                || account.Lots.Any(lot => lot.IsExpiredAt(NowMs) && lot.Remaining > lot.Held)));
        foreach (var account in _accounts.Values.Where(account => account.Exists))
        {
            account.CatchUp(NowMs);
        }
        return due;
    }

    /// <summary>
    /// The balance a read returns now: as if the account had caught up (expired holds give their
    /// credits back, expired lots count for nothing, an unused lead holds its allowance), without
    /// changing the model, because reads never write.
    /// </summary>
    public Balance BalanceOf(ModelAccount account)
    {
        var rows = new List<(Bucket Bucket, long Available, long Held, long? ExpiresAtMs)>();
        if (account.IsLead && account.LeadState == ModelLeadState.None)
        {
            rows.Add((Bucket.Lead, AuditConfiguration.LeadAllowanceCredits, 0,
                NowMs + (long)AuditConfiguration.LeadAllowanceValidity.TotalMilliseconds));
        }
        var heldByLot = account.Holds
            .Where(hold => hold.State == ModelHoldState.Active && !hold.IsExpiredAt(NowMs))
            .SelectMany(hold => hold.Parts)
            .GroupBy(part => part.Lot)
            .ToDictionary(group => group.Key, group => group.Sum(part => part.Amount));
        foreach (var lot in account.Lots)
        {
            var held = heldByLot.GetValueOrDefault(lot);
            rows.Add((lot.Bucket, lot.IsExpiredAt(NowMs) ? 0 : lot.Remaining - held, held, lot.ExpiresAtMs));
        }
        var balance = new Balance
        {
            AccountId = account.Id,
            Available = rows.Sum(row => row.Available),
            Held = rows.Sum(row => row.Held),
            // The stored journal's end: a read applies due expiries without writing their entries.
            LastSequence = account.Journal.Count,
        };
        foreach (var bucket in rows.GroupBy(row => row.Bucket).OrderBy(group => group.Key))
        {
            var available = bucket.Sum(row => row.Available);
            var held = bucket.Sum(row => row.Held);
            if (available != 0 || held != 0)
            {
                balance.Buckets.Add(new BucketBalance { Bucket = bucket.Key, Available = available, Held = held });
            }
        }
        var expiring = rows.Where(row => row.ExpiresAtMs is not null && row.Available > 0).ToList();
        if (expiring.Count > 0)
        {
            var soonest = expiring.Min(row => row.ExpiresAtMs!.Value);
            balance.NextExpiry = new Expiry
            {
                Amount = expiring.Where(row => row.ExpiresAtMs == soonest).Sum(row => row.Available),
                ExpiresAt = ModelTime.ToTimestamp(soonest),
            };
        }
        return balance;
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
        return null;
    }

    /// <summary>Gives a new hold the id the server chose; returns what is wrong with it, or null.</summary>
    public string? BindHold(ModelHold hold, string id)
    {
        if (hold.Id is not null)
        {
            return $"hold {hold.Id} is bound already";
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

    private Expected? Replay(string accountId, string key, string fingerprint)
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
            return Expected.Fail(ExpectedError.Of(StatusCode.AlreadyExists, "IDEMPOTENCY_KEY_REUSED", ("idempotencyKey", key)));
        }
        Coverage.Count("replay");
        return Expected.Reply(record.Reply);
    }

    private void Remember(string accountId, string key, string fingerprint, Func<IMessage> reply) =>
        _keys[(accountId, key)] = new KeyRecord(fingerprint, reply, NowMs + (long)AuditConfiguration.IdempotencyKeyRetention.TotalMilliseconds);

    private Expected CommitReply(ModelHold hold, ModelAccount account)
    {
        var balance = BalanceOf(account);
        var (committed, released) = (hold.Committed, hold.Released);
        return Expected.Reply(() => new CommitResponse { Committed = committed, Released = released, Balance = balance });
    }

    // A fingerprint holds every field the request asks for, so that any change is a different request.
    private static string Fingerprint(GrantRequest request) => string.Join('|', "grant", request.AccountId, Number(request.Amount),
        request.Bucket.ToString(), request.ExpiresAt is null ? "-" : Number(ModelTime.ToMs(request.ExpiresAt.ToDateTimeOffset())),
        request.HasPriority ? Number(request.Priority) : "-", request.Reference, Canonical(request.Metadata));

    private static string Fingerprint(ReserveRequest request) => string.Join('|', "reserve", request.AccountId,
        request.CostCase == ReserveRequest.CostOneofCase.Amount ? Number(request.Amount) : "-",
        request.CostCase == ReserveRequest.CostOneofCase.Feature ? request.Feature : "", Number(request.Quantity),
        request.Ttl is null ? "-" : Number((long)request.Ttl.ToTimeSpan().TotalMilliseconds), Canonical(request.Metadata));

    private static string Fingerprint(ClaimLeadRequest request) => string.Join('|', "claim", request.LeadAccountId, request.UserAccountId);

    private static string Canonical(MapField<string, string> metadata) =>
        string.Join(',', metadata.OrderBy(item => item.Key, StringComparer.Ordinal).Select(item => $"{item.Key.Length}:{item.Key}={item.Value.Length}:{item.Value}"));

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
