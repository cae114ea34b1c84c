using System.Globalization;
using Credits.Audit.Tests.Model;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Audit.Tests.Workload;

/// <summary>
/// Draws the next operation from a seeded <see cref="Random"/>, looking at the model only to aim
/// well: amounts near what is available, holds that exist, expiries that are about to pass. A small
/// set of accounts keeps interactions dense: every operation lands where others already did. The
/// domain commands (claw-backs, freezes, rollover grants) are drawn in the other part of this class.
/// </summary>
public sealed partial class OperationGenerator(Random random, ModelLedger model)
{
    public const int UserCount = 6;
    public const int LeadCount = 4;
    public const int GhostCount = 2;

    /// <summary>Every this many steps a claimed lead is retired and a fresh one takes its place, so claims keep coming.</summary>
    public const int LeadTurnoverSteps = 250;

    // Weights of the operation kinds (relative, per step).
    private static readonly (OperationKind Kind, int Weight)[] Weights =
    [
        (OperationKind.Grant, 34),
        (OperationKind.Reserve, 40),
        (OperationKind.Commit, 28),
        (OperationKind.Release, 14),
        (OperationKind.GrantRetry, 6),
        (OperationKind.ReserveRetry, 6),
        (OperationKind.GrantChanged, 3),
        (OperationKind.ReserveChanged, 3),
        (OperationKind.ClaimLead, 5),
        (OperationKind.ClaimRetry, 2),
        (OperationKind.ClaimChanged, 1),
        (OperationKind.Transfer, 8),
        (OperationKind.TransferRetry, 2),
        (OperationKind.TransferChanged, 1),
        (OperationKind.GetBalance, 12),
        (OperationKind.History, 6),
        (OperationKind.AdvanceClock, 16),
        (OperationKind.Sweep, 2),
        (OperationKind.RolloverGrant, 8),
        (OperationKind.Clawback, 7),
        (OperationKind.ReverseClawback, 3),
        (OperationKind.Freeze, 3),
        (OperationKind.Unfreeze, 2),
        (OperationKind.DisputeLost, 2),
        (OperationKind.Note, 2),
        (OperationKind.CommandRetry, 3),
        (OperationKind.CommandChanged, 2),
        (OperationKind.PoolReserve, 8),
        (OperationKind.PoolMembership, 1),
        (OperationKind.PoolUsage, 1),
        (OperationKind.Adjust, 3),
        (OperationKind.ExtendHold, 4),
        (OperationKind.CreateGiftCodes, 4),
        (OperationKind.RedeemGiftCode, 5),
        (OperationKind.RevokeGiftCode, 3),
        (OperationKind.RedeemRace, 3),
        (OperationKind.BulkGift, 3),
        (OperationKind.ImportLots, 3),
        (OperationKind.RefundCharge, 4),
    ];

    private static readonly int WeightTotal = Weights.Sum(item => item.Weight);
    private static readonly int[] CommonPriorities = [0, 100, 150, 200, 400, 600, 1000];
    private static readonly string[] Features = ["image.generate", "text.summarize"];

    private readonly List<GrantRequest> _grants = [];
    private readonly List<ReserveRequest> _reserves = [];
    private readonly List<ClaimLeadRequest> _claims = [];
    private readonly List<TransferRequest> _transfers = [];
    private readonly List<string> _leads = Enumerable.Range(1, LeadCount).Select(LeadId).ToList();
    private readonly List<string> _retiredLeads = [];
    // Steps of a planned scenario, each built when its turn comes (null: no longer applicable).
    private readonly Queue<Func<Operation?>> _planned = new();
    // An operation put off for one sweep (see Next).
    private Operation? _afterSweep;
    private int _keys;
    private int _references;
    private int _steps;

    public static IReadOnlyList<string> Users { get; } =
        Enumerable.Range(1, UserCount).Select(i => $"user:audit-{i}").ToList();

    /// <summary>
    /// Accounts the ledger must never have: reads name them, and so do the commands that must not
    /// create an account (freeze, unfreeze, reversal); none may create them or write to them.
    /// </summary>
    public static IReadOnlyList<string> Ghosts { get; } =
        Enumerable.Range(1, GhostCount).SelectMany(i => new[] { $"user:ghost-{i}", $"lead:ghost-{i}" }).ToList();

    public Operation Next()
    {
        if (_afterSweep is { } putOff)
        {
            _afterSweep = null;
            return putOff;
        }
        var operation = Choose();
        if (OperationAccounts.Of(operation, model).Any(model.CatchUpNeedsUnknownIds))
        {
            // Catching up would create lots (rollovers) that only their ids can order, and the ids
            // come from the journal after the operation: a sweep first writes those lots, so the
            // operation's own rules see them with their ids.
            model.Coverage.Count("sweep put first so that the lots a catch-up makes have ids");
            _afterSweep = operation;
            return new Operation(OperationKind.Sweep);
        }
        return operation;
    }

    private Operation Choose()
    {
        if (++_steps % LeadTurnoverSteps == 0)
        {
            RetireClaimedLead();
        }
        while (_planned.Count > 0)
        {
            if (_planned.Dequeue()() is { } planned)
            {
                return planned;
            }
        }
        var pick = random.Next(WeightTotal);
        foreach (var (kind, weight) in Weights)
        {
            if (pick < weight)
            {
                return Make(kind);
            }
            pick -= weight;
        }
        throw new InvalidOperationException("unreachable");
    }

    private Operation Make(OperationKind kind) => kind switch
    {
        OperationKind.Grant => Grant(),
        OperationKind.Reserve => Reserve(),
        OperationKind.Commit => model.Holds.Count == 0 ? Reserve() : Commit(),
        OperationKind.Release => model.Holds.Count == 0 ? Reserve() : Release(),
        OperationKind.GrantRetry => _grants.Count == 0 ? Grant() : new(kind, Recent(_grants).Clone()),
        OperationKind.GrantChanged => _grants.Count == 0 ? Grant() : new(kind, Changed(Recent(_grants))),
        OperationKind.ReserveRetry => _reserves.Count == 0 ? Reserve() : new(kind, Recent(_reserves).Clone()),
        OperationKind.ReserveChanged => _reserves.Count == 0 ? Reserve() : new(kind, Changed(Recent(_reserves))),
        OperationKind.ClaimLead => Claim(),
        OperationKind.ClaimRetry => _claims.Count == 0 ? Claim() : new(kind, Recent(_claims).Clone()),
        OperationKind.ClaimChanged => _claims.Count == 0 ? Claim() : new(kind, Changed(Recent(_claims))),
        OperationKind.Transfer => Transfer(),
        OperationKind.TransferRetry => _transfers.Count == 0 ? Transfer() : new(kind, Recent(_transfers).Clone()),
        OperationKind.TransferChanged => _transfers.Count == 0 ? Transfer() : new(kind, Changed(Recent(_transfers))),
        OperationKind.GetBalance => new(kind, new GetBalanceRequest { AccountId = AnyAccount() }),
        OperationKind.History => History(),
        OperationKind.AdvanceClock => new(kind, AdvanceMs: WithoutUnknownIdTies(Advance())),
        OperationKind.Sweep => new(kind),
        OperationKind.RolloverGrant => RolloverGrant(),
        OperationKind.Clawback => Clawback(),
        OperationKind.ReverseClawback => ReverseClawback(),
        OperationKind.Freeze => Freeze(),
        OperationKind.Unfreeze => Unfreeze(),
        OperationKind.DisputeLost => DisputeLost(),
        OperationKind.Note => Note(),
        OperationKind.CommandRetry => _commands.Count == 0 ? Clawback() : Send(kind, Recent(_commands)),
        OperationKind.CommandChanged => _commands.Count == 0 ? Clawback() : Send(kind, Changed(Recent(_commands))),
        OperationKind.PoolReserve or OperationKind.PoolMembership or OperationKind.PoolUsage => Pool(kind),
        OperationKind.Adjust => Adjust(),
        OperationKind.ExtendHold => model.Holds.Count == 0 ? Reserve() : ExtendHold(),
        OperationKind.CreateGiftCodes => CreateGiftCodes(),
        OperationKind.RedeemGiftCode => RedeemGiftCode(),
        OperationKind.RevokeGiftCode => RevokeGiftCode(),
        OperationKind.RedeemRace => RedeemRace(),
        OperationKind.BulkGift => BulkGift(),
        OperationKind.ImportLots => ImportLots(),
        OperationKind.RefundCharge => model.Holds.Count == 0 ? Reserve() : RefundCharge(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private Operation Grant()
    {
        var now = model.NowMs;
        var request = new GrantRequest
        {
            AccountId = WriteAccount(),
            Amount = Chance(0.05) ? Between(1, 5) : Chance(0.75) ? Between(1, 200) : Between(200, 2000),
            Bucket = (Bucket)random.Next(1, 11),
            Reference = $"ref-{++_references}",
            IdempotencyKey = NewKey(),
        };
        if (Chance(0.4))
        {
            request.Priority = Chance(0.5) ? CommonPriorities[random.Next(CommonPriorities.Length)] : random.Next(0, 1001);
        }
        if (Chance(0.1))
        {
            // Burns first and expires soon: holds pin it and outlive it.
            request.Priority = random.Next(0, 11);
            var expiresAt = now + Between(1, 30) * Minute;
            request.ExpiresAt = ModelTime.ToTimestamp(expiresAt);
            if (Chance(0.5))
            {
                PlanHeldLotExpiry(request.AccountId, expiresAt);
            }
        }
        else if (Chance(0.02))
        {
            // Not in the future (possibly exactly now): the ledger refuses it after catching the account up.
            request.ExpiresAt = ModelTime.ToTimestamp(now - Between(0, 60_000));
        }
        else if (Chance(0.55))
        {
            var ahead = Chance(0.45) ? Between(1, 180) * Minute : Chance(0.6) ? Between(1, 72) * Hour : Between(1, 14) * Day;
            var expiresAt = now + ahead;
            if (Chance(0.3))
            {
                // Whole hours make lots expire together: ties in burn-down order and in next_expiry.
                expiresAt = (expiresAt / Hour + 1) * Hour;
            }
            request.ExpiresAt = ModelTime.ToTimestamp(expiresAt);
        }
        AddMetadata(request.Metadata);
        _grants.Add(request);
        return new Operation(OperationKind.Grant, request);
    }

    private Operation Reserve()
    {
        var account = WriteAccount();
        var request = new ReserveRequest { AccountId = account, IdempotencyKey = NewKey() };
        if (Chance(0.12))
        {
            request.Feature = Chance(0.1) ? "video.render" : Features[random.Next(Features.Length)];
            request.Quantity = random.Next(0, 5);
        }
        else
        {
            var available = model.BalanceOf(model.Account(account)).Available;
            request.Amount = random.NextDouble() switch
            {
                < 0.55 => Between(1, Math.Max(1, available)),
                < 0.70 => available + Between(1, 100),
                _ => Between(1, 300),
            };
        }
        if (Chance(0.7))
        {
            var ttl = random.NextDouble() switch
            {
                < 0.35 => Between(1, 120) * Second,
                < 0.65 => Between(1, 90) * Minute,
                _ => Between(1, 24 * 3600) * Second,
            };
            request.Ttl = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(ttl));
        }
        AddMetadata(request.Metadata);
        _reserves.Add(request);
        return new Operation(OperationKind.Reserve, request);
    }

    private Operation Commit()
    {
        var request = new CommitRequest { HoldId = HoldId(out var hold) };
        if (hold is not null)
        {
            long? amount = random.NextDouble() switch
            {
                < 0.35 => null,
                < 0.60 => Between(1, hold.Amount),
                < 0.70 => hold.Amount,
                < 0.80 => hold.Committed > 0 ? hold.Committed : Between(1, hold.Amount),
                < 0.88 => hold.Amount + Between(1, 50),
                < 0.92 => 0,
                _ => Between(1, hold.Amount + 10),
            };
            if (amount is { } value)
            {
                request.Amount = value;
            }
        }
        AddMetadata(request.Metadata);
        return new Operation(OperationKind.Commit, request);
    }

    private Operation Release() => new(OperationKind.Release, new ReleaseRequest { HoldId = HoldId(out _) });

    private Operation Claim()
    {
        var lead = _leads[random.Next(_leads.Count)];
        var claimedBy = model.Account(lead).ClaimedBy;
        // Once claimed: half the claims repeat the same user with a new key, half try another user.
        var user = claimedBy is not null && Chance(0.5) ? claimedBy : Users[random.Next(Users.Count)];
        var request = new ClaimLeadRequest { LeadAccountId = lead, UserAccountId = user, IdempotencyKey = NewKey() };
        _claims.Add(request);
        return new Operation(OperationKind.ClaimLead, request);
    }

    private Operation Transfer()
    {
        var from = Users[random.Next(Users.Count)];
        // Mostly to another user; now and then to itself or to a lead, which is refused as bad input.
        var to = random.NextDouble() switch
        {
            < 0.03 => from,
            < 0.06 => _leads[random.Next(_leads.Count)],
            _ => Users.Where(user => user != from).ElementAt(random.Next(Users.Count - 1)),
        };
        var request = new TransferRequest
        {
            FromAccountId = from,
            ToAccountId = to,
            Amount = Between(1, 25),
            IdempotencyKey = NewKey(),
            Note = Chance(0.3) ? "audit gift" : "",
        };
        _transfers.Add(request);
        return new Operation(OperationKind.Transfer, request);
    }

    private Operation History()
    {
        var account = model.Account(AnyAccount());
        // Mostly the unread tail; sometimes from an earlier cursor, which must resume exactly there.
        var after = Chance(0.8) ? account.CheckedSequence : Between(0, account.CheckedSequence);
        return new Operation(OperationKind.History, AccountId: account.Id, HistoryAfter: after);
    }

    /// <summary>
    /// Shortens a clock move that would let one catch-up create and expire several rollover lots of one
    /// source together (a sweep could not bind their ids first): halved until no account's catch-up at
    /// the new time needs ids the model has not learned. Operations in between write those lots, so the
    /// clock moves on later.
    /// </summary>
    private long WithoutUnknownIdTies(long advanceMs)
    {
        while (advanceMs > 0 && model.Accounts.Any(account => ModelLedger.CatchUpNeedsUnknownIds(account, model.NowMs + advanceMs)))
        {
            advanceMs /= 2;
            model.Coverage.Count("clock move shortened so that rollover lots are written before they are due");
        }
        return advanceMs;
    }

    private long Advance()
    {
        if (Chance(0.3) && StraddlingDeadlines().ToList() is { Count: > 0 } straddling)
        {
            // Past a held lot's expiry but before its hold's: the lot expires while held.
            model.Coverage.Count("clock moved past a held lot's expiry");
            return straddling[random.Next(straddling.Count)] - model.NowMs + random.Next(0, 2);
        }
        if (Chance(0.3) && NextDeadlines().ToList() is { Count: > 0 } deadlines)
        {
            // Land just before, exactly on, or just after a hold's or a lot's expiry.
            return Math.Max(1, deadlines[random.Next(deadlines.Count)] - model.NowMs + random.Next(-1, 2));
        }
        return random.NextDouble() switch
        {
            < 0.45 => Between(1, 60) * Second,
            < 0.72 => Between(1, 60) * Minute,
            < 0.90 => Between(1, 24) * Hour,
            _ => Between(1, 4) * Day,
        };
    }

    /// <summary>
    /// Plans the subtle case of a lot expiring under a live hold: a long hold on the account, the clock
    /// moved onto the lot's expiry, then a commit (whose unused part must expire at once, and whose debit
    /// must take the expired part first) or a release.
    /// </summary>
    private void PlanHeldLotExpiry(string accountId, long lotExpiresAtMs)
    {
        ModelHold? hold = null;
        _planned.Enqueue(() =>
        {
            var available = model.BalanceOf(model.Account(accountId)).Available;
            var request = new ReserveRequest
            {
                AccountId = accountId,
                Amount = Between(1, Math.Max(1, available)),
                Ttl = Duration.FromTimeSpan(TimeSpan.FromHours(Between(2, 24))),
                IdempotencyKey = NewKey(),
            };
            _reserves.Add(request);
            return new Operation(OperationKind.Reserve, request);
        });
        _planned.Enqueue(() =>
        {
            var holds = model.Account(accountId).Holds;
            hold = holds.Count > 0 ? holds[^1] : null;
            return hold is { State: ModelHoldState.Active } && lotExpiresAtMs > model.NowMs
                ? new Operation(OperationKind.AdvanceClock, AdvanceMs: WithoutUnknownIdTies(lotExpiresAtMs - model.NowMs + random.Next(0, 2)))
                : null;
        });
        _planned.Enqueue(() =>
        {
            if (hold is not { State: ModelHoldState.Active })
            {
                return null;
            }
            if (Chance(0.3))
            {
                return new Operation(OperationKind.Release, new ReleaseRequest { HoldId = hold.Id });
            }
            var request = new CommitRequest { HoldId = hold.Id };
            if (Chance(0.7))
            {
                request.Amount = Between(1, hold.Amount);
            }
            return new Operation(OperationKind.Commit, request);
        });
    }

    private IEnumerable<long> StraddlingDeadlines()
    {
        var now = model.NowMs;
        return model.Holds.Where(hold => hold.State == ModelHoldState.Active && hold.ExpiresAtMs > now)
            .SelectMany(hold => hold.Parts
                .Where(part => part.Lot.ExpiresAtMs > now && part.Lot.ExpiresAtMs + 1 < hold.ExpiresAtMs)
                .Select(part => part.Lot.ExpiresAtMs!.Value));
    }

    private IEnumerable<long> NextDeadlines()
    {
        var now = model.NowMs;
        foreach (var account in model.Accounts)
        {
            // A freeze has no deadline: only its dispute ends it.
            foreach (var hold in account.Holds.Where(hold => hold.State == ModelHoldState.Active && !hold.IsFreeze && hold.ExpiresAtMs > now))
            {
                yield return hold.ExpiresAtMs;
            }
            foreach (var lot in account.Lots.Where(lot => lot.ExpiresAtMs > now))
            {
                yield return lot.ExpiresAtMs!.Value;
                if (lot.Held > 0)
                {
                    // Twice as likely: a lot expiring under an active hold is the subtle case.
                    yield return lot.ExpiresAtMs!.Value;
                }
            }
        }
    }

    private string HoldId(out ModelHold? hold)
    {
        if (Chance(0.04))
        {
            hold = null;
            return $"hold_missing_{random.Next(1000).ToString(CultureInfo.InvariantCulture)}";
        }
        if (Chance(0.03) && model.Freezes.Where(freeze => freeze.Id is not null).ToList() is { Count: > 0 } freezes)
        {
            // A freeze is a hold, but not the caller's: it must be as unknown as a made-up id.
            hold = freezes[random.Next(freezes.Count)];
            return hold.Id!;
        }
        var active = model.Holds.Where(candidate => candidate.State == ModelHoldState.Active).ToList();
        // A live hold pinning credits of a lot that has expired since: what it gives back must expire at once.
        var straddling = active.Where(candidate => !candidate.IsExpiredAt(model.NowMs)
            && candidate.Parts.Any(part => part.Lot.IsExpiredAt(model.NowMs))).ToList();
        hold = straddling.Count > 0 && Chance(0.6) ? straddling[random.Next(straddling.Count)]
            : active.Count > 0 && Chance(0.7) ? active[random.Next(active.Count)]
            : Recent(model.Holds);
        return hold.Id!;
    }

    private GrantRequest Changed(GrantRequest original)
    {
        var changed = original.Clone();
        switch (random.Next(4))
        {
            case 0:
                changed.Amount += Between(1, 50);
                break;
            case 1:
                changed.Bucket = changed.Bucket == Bucket.Promo ? Bucket.Gift : Bucket.Promo;
                break;
            case 2:
                if (changed.HasPriority)
                {
                    changed.ClearPriority();
                }
                else
                {
                    changed.Priority = AuditPriority(changed.Bucket);
                }
                break;
            default:
                changed.Reference += "-changed";
                break;
        }
        return changed;
    }

    private ReserveRequest Changed(ReserveRequest original)
    {
        var changed = original.Clone();
        if (changed.CostCase == ReserveRequest.CostOneofCase.Feature)
        {
            changed.Quantity += 1;
        }
        else if (Chance(0.5))
        {
            changed.Amount += Between(1, 20);
        }
        else
        {
            // Another valid TTL (1 s to 24 h); an explicit 5 minutes differs from an unset TTL too.
            var seconds = changed.Ttl is null ? 300 : changed.Ttl.Seconds > 1 ? changed.Ttl.Seconds - 1 : 2;
            changed.Ttl = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds));
        }
        return changed;
    }

    private ClaimLeadRequest Changed(ClaimLeadRequest original)
    {
        var changed = original.Clone();
        changed.UserAccountId = Users.Where(user => user != original.UserAccountId).ElementAt(random.Next(Users.Count - 1));
        return changed;
    }

    private TransferRequest Changed(TransferRequest original)
    {
        var changed = original.Clone();
        if (Chance(0.5))
        {
            changed.Amount += 1;
        }
        else
        {
            changed.Note += " (changed)";
        }
        return changed;
    }

    // The bucket's default priority sent explicitly: the same lot, but a different request.
    private static int AuditPriority(Bucket bucket) => Support.AuditConfiguration.DefaultPriorities[bucket];

    /// <summary>Mostly one of the last few items (whose keys are still remembered), sometimes any.</summary>
    private T Recent<T>(IReadOnlyList<T> items) =>
        Chance(0.7) ? items[items.Count - 1 - random.Next(Math.Min(20, items.Count))] : items[random.Next(items.Count)];

    private string WriteAccount() => Chance(0.75) ? Users[random.Next(Users.Count)] : _leads[random.Next(_leads.Count)];

    private string AnyAccount() => random.NextDouble() switch
    {
        < 0.65 => Users[random.Next(Users.Count)],
        < 0.85 => _leads[random.Next(_leads.Count)],
        < 0.90 when _retiredLeads.Count > 0 => _retiredLeads[random.Next(_retiredLeads.Count)],
        _ => Ghosts[random.Next(Ghosts.Count)],
    };

    private void RetireClaimedLead()
    {
        var claimed = _leads.FindIndex(lead => model.Account(lead).LeadState == ModelLeadState.Claimed);
        if (claimed >= 0)
        {
            _retiredLeads.Add(_leads[claimed]);
            _leads[claimed] = LeadId(LeadCount + _retiredLeads.Count);
        }
    }

    private static string LeadId(int number) => $"lead:audit-{number.ToString(CultureInfo.InvariantCulture)}";

    private void AddMetadata(Google.Protobuf.Collections.MapField<string, string> metadata)
    {
        if (Chance(0.2))
        {
            metadata["source"] = "audit";
            metadata["step"] = random.Next(100).ToString(CultureInfo.InvariantCulture);
        }
    }

    private string NewKey() => $"audit-{++_keys}";

    private bool Chance(double probability) => random.NextDouble() < probability;

    private long Between(long min, long max) => random.NextInt64(min, max + 1);

    private const long Second = 1000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;
}
