using System.Globalization;
using Credits.Audit.Tests.Model;
using Credits.Audit.Tests.Support;
using Credits.Ledger.Commands;
using Credits.Ledger.Lots;
using ProtoBucket = Credits.V1.Bucket;

namespace Credits.Audit.Tests.Workload;

/// <summary>
/// The domain commands of the workload: grants with rollover terms, claw-backs (named lot or not,
/// often more than is available, so debts arise and later grants repay them), their reversal,
/// freezes and their end, lost disputes, notes, and retries of all of them.
/// </summary>
public sealed partial class OperationGenerator
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private readonly List<LedgerCommand> _commands = [];
    private readonly List<(string AccountId, string Reference)> _clawbackReferences = [];
    // Rollover lots expiring at one moment would tie in burn-down order, which only their ids (learned
    // afterwards) could settle; distinct expiries keep every order the model needs decidable.
    private readonly HashSet<long> _rolloverExpiries = [];
    private int _clawbackReferenceCount;
    private int _disputeCount;
    private int _noteCount;

    private static string Actor => AuditConfiguration.KeyName;

    private Operation RolloverGrant()
    {
        var now = model.NowMs;
        var bucket = Chance(0.75) ? ProtoBucket.Subscription : NotRollover((ProtoBucket)random.Next(1, 11));
        var amount = Between(10, 600);
        var ahead = Chance(0.5) ? Between(1, 180) * Minute : Chance(0.7) ? Between(1, 48) * Hour : Between(1, 10) * Day;
        long? expiresAt = now + ahead;
        int? priority = random.NextDouble() switch
        {
            // Burns first, so reserves pin it and it expires under holds whose credits come back later.
            < 0.35 => random.Next(0, 11),
            < 0.55 => CommonPriorities[random.Next(CommonPriorities.Length)],
            _ => null,
        };
        var cap = random.NextDouble() switch
        {
            < 0.15 => 0,
            < 0.6 => Between(1, Math.Max(1, amount / 2)),
            _ => Between(amount / 2, amount * 2),
        };
        var rolloverAhead = Chance(0.4) ? Between(1, 120) * Minute : Chance(0.6) ? Between(1, 72) * Hour : Between(1, 20) * Day;
        var rolloverExpiresAt = UniqueRolloverExpiry(expiresAt.Value + rolloverAhead + random.Next(1, 1000));
        switch (random.NextDouble())
        {
            case < 0.02:
                // The rollover lot would expire first: refused before anything happens.
                rolloverExpiresAt = expiresAt.Value - Between(0, Hour);
                break;
            case < 0.03:
                expiresAt = null;
                break;
            case < 0.04:
                bucket = ProtoBucket.Rollover;
                break;
            case < 0.05:
                cap = -1;
                break;
            case < 0.07:
                // Not in the future: refused by the ledger after catching the account up.
                expiresAt = now - Between(0, 60_000);
                break;
        }
        var account = WriteAccount();
        var command = new GrantCommand(Actor, account, amount, Buckets.ToDomain(bucket), Time(expiresAt), priority, $"sub-{++_references}",
            NewKey(), Metadata())
        {
            Rollover = new RolloverTerms(cap, DateTimeOffset.FromUnixTimeMilliseconds(rolloverExpiresAt)),
        };
        if (priority < 11 && expiresAt > now && Chance(0.7))
        {
            PlanHeldLotExpiry(account, expiresAt.Value);
        }
        else if (expiresAt > now && Chance(0.15))
        {
            PlanLateCatchUp(account, rolloverExpiresAt);
        }
        return Send(OperationKind.RolloverGrant, command);
    }

    private Operation Clawback()
    {
        var accountId = WriteAccount();
        var account = model.Account(accountId);
        var now = model.NowMs;
        var live = account.Lots.Where(lot => lot.Id is not null && lot.AvailableAt(now) > 0).ToList();
        ModelLot? named = null;
        string? lotId = null;
        switch (random.NextDouble())
        {
            case < 0.45 when live.Count > 0:
                // Mostly a lot that burns after others, where "the named lot first" differs from burn-down order.
                var later = ModelBurnDown.Order(live).Skip(1).ToList();
                named = later.Count > 0 && Chance(0.8) ? later[random.Next(later.Count)] : live[random.Next(live.Count)];
                lotId = named.Id;
                break;
            case < 0.55:
                lotId = OtherLot(accountId)?.Id;
                break;
            case < 0.60:
                lotId = $"lot_missing_{random.Next(1000).ToString(CultureInfo.InvariantCulture)}";
                break;
            case < 0.68:
                // A lot of the account with nothing to take: spent, expired or held.
                var empty = model.KnownLots.Where(lot => lot.AccountId == accountId && lot.AvailableAt(now) == 0).ToList();
                lotId = empty.Count > 0 ? empty[random.Next(empty.Count)].Id : null;
                break;
        }
        var available = model.BalanceOf(account).Available;
        var amount = random.NextDouble() switch
        {
            < 0.4 => Between(1, Math.Max(1, named?.AvailableAt(now) ?? available)),
            // More than is there: the rest is owed, and repaid by the next grants.
            < 0.7 => available + Between(1, 300),
            < 0.9 => Between(1, 100),
            _ => Between(500, 3000),
        };
        var references = _clawbackReferences.Where(item => item.AccountId == accountId).ToList();
        var reference = Chance(0.06) && references.Count > 0
            ? references[random.Next(references.Count)].Reference
            : $"re-{(++_clawbackReferenceCount).ToString(CultureInfo.InvariantCulture)}";
        _clawbackReferences.Add((accountId, reference));
        return Send(OperationKind.Clawback, new ClawbackCommand(Actor, accountId, amount, lotId, reference, NewKey(), Metadata()));
    }

    private Operation ReverseClawback()
    {
        if (_clawbackReferences.Count == 0)
        {
            return Clawback();
        }
        var open = _clawbackReferences.Where(item => model.Account(item.AccountId).FindClawback(item.Reference) is { Reversed: false }).ToList();
        var owing = open.Where(item => model.Account(item.AccountId).FindClawback(item.Reference) is { OwedOutstanding: > 0 }).ToList();
        var (accountId, reference) = random.NextDouble() switch
        {
            // Debts outstanding, and credits taken long ago from lots that have expired since, are what a reversal gets wrong most easily.
            < 0.35 when owing.Count > 0 => owing[random.Next(owing.Count)],
            < 0.55 when open.Count > 0 => open[random.Next(Math.Min(open.Count, 10))],
            < 0.85 when open.Count > 0 => open[random.Next(open.Count)],
            _ => Recent(_clawbackReferences),
        };
        switch (random.NextDouble())
        {
            case < 0.06:
                reference = $"re-unknown-{random.Next(1000).ToString(CultureInfo.InvariantCulture)}";
                break;
            case < 0.10:
                // The right reference on the wrong account: claw-backs are per account.
                accountId = Chance(0.5) ? Users[random.Next(Users.Count)] : Ghosts[random.Next(Ghosts.Count)];
                break;
        }
        return Send(OperationKind.ReverseClawback, new ReverseClawbackCommand(Actor, accountId, reference, NewKey()));
    }

    private Operation Freeze()
    {
        var now = model.NowMs;
        var openFreezes = model.Freezes.Where(freeze => freeze.State == ModelHoldState.Active).ToList();
        if (openFreezes.Count > 0 && Chance(0.2))
        {
            // A second freeze under a dispute still open changes nothing, whatever lot it names.
            var open = openFreezes[random.Next(openFreezes.Count)];
            var others = model.Account(open.AccountId).Lots.Where(lot => lot.Id is not null).ToList();
            var named = others.Count > 0 && Chance(0.5) ? others[random.Next(others.Count)] : open.Parts[0].Lot;
            return Send(OperationKind.Freeze, new FreezeCommand(Actor, open.AccountId, named.Id!, open.Reference, NewKey()));
        }
        if (Chance(0.05))
        {
            var ghost = Ghosts[random.Next(Ghosts.Count)];
            return Send(OperationKind.Freeze, new FreezeCommand(Actor, ghost, OtherLot(ghost)?.Id ?? "lot_missing_0", NewDispute(), NewKey()));
        }
        var candidates = model.Accounts.Where(account => account.Exists && !Ghosts.Contains(account.Id)
            && account.Lots.Any(lot => lot.Id is not null && lot.AvailableAt(now) > 0)).ToList();
        var accountId = candidates.Count > 0 && Chance(0.9) ? candidates[random.Next(candidates.Count)].Id : WriteAccount();
        var lots = model.Account(accountId).Lots.Where(lot => lot.Id is not null).ToList();
        var available = lots.Where(lot => lot.AvailableAt(now) > 0).ToList();
        var unavailable = lots.Where(lot => lot.AvailableAt(now) == 0).ToList();
        var lotId = random.NextDouble() switch
        {
            < 0.75 when available.Count > 0 => available[random.Next(available.Count)].Id!,
            < 0.85 when unavailable.Count > 0 => unavailable[random.Next(unavailable.Count)].Id!,
            < 0.95 when OtherLot(accountId) is { } other => other.Id!,
            _ => $"lot_missing_{random.Next(1000).ToString(CultureInfo.InvariantCulture)}",
        };
        return Send(OperationKind.Freeze, new FreezeCommand(Actor, accountId, lotId, NewDispute(), NewKey()));
    }

    private Operation Unfreeze()
    {
        var active = model.Freezes.Where(freeze => freeze.State == ModelHoldState.Active).ToList();
        var ended = model.Freezes.Where(freeze => freeze.State != ModelHoldState.Active).ToList();
        var (accountId, reference) = random.NextDouble() switch
        {
            < 0.8 when active.Count > 0 => Dispute(active[random.Next(active.Count)]),
            < 0.9 when ended.Count > 0 => Dispute(ended[random.Next(ended.Count)]),
            < 0.95 => (Ghosts[random.Next(Ghosts.Count)], NewDispute()),
            _ => (WriteAccount(), NewDispute()),
        };
        return Send(OperationKind.Unfreeze, new UnfreezeCommand(Actor, accountId, reference, NewKey()));
    }

    /// <summary>
    /// A dispute lost: the freeze ends and the disputed lot is clawed back in the same batch, so the
    /// claw-back takes the credits that were frozen first.
    /// </summary>
    private Operation DisputeLost()
    {
        var now = model.NowMs;
        // Ending a freeze on an expired lot that may still roll over creates a rollover lot inside the
        // batch, which the claw-back would have to order by an id the model does not know yet.
        var active = model.Freezes.Where(freeze => freeze.State == ModelHoldState.Active
            && !freeze.Parts.Any(part => part.Lot.IsExpiredAt(now) && part.Lot.RolloverCap > 0)).ToList();
        if (active.Count == 0)
        {
            return Freeze();
        }
        var freeze = active[random.Next(active.Count)];
        var amount = Chance(0.7) ? freeze.Amount + Between(0, 60) : Between(1, freeze.Amount);
        var unfreeze = new UnfreezeCommand(Actor, freeze.AccountId, freeze.Reference, NewKey());
        var clawback = new ClawbackCommand(Actor, freeze.AccountId, amount, freeze.Parts[0].Lot.Id, freeze.Reference, NewKey(), NoMetadata);
        _commands.Add(unfreeze);
        _commands.Add(clawback);
        _clawbackReferences.Add((freeze.AccountId, freeze.Reference));
        return new Operation(OperationKind.DisputeLost, Commands: [unfreeze, clawback]);
    }

    private Operation Note() =>
        Send(OperationKind.Note, new NoteCommand(Actor, WriteAccount(), $"note-{(++_noteCount).ToString(CultureInfo.InvariantCulture)}", NewKey(), Metadata()));

    /// <summary>The same key with something else asked: refused while the key is remembered, decided afresh after.</summary>
    private LedgerCommand Changed(LedgerCommand original) => original switch
    {
        GrantCommand grant when grant.Rollover is { } rollover && Chance(0.5) => grant with { Rollover = rollover with { Cap = rollover.Cap + 1 } },
        GrantCommand grant => grant with { Amount = grant.Amount + Between(1, 50) },
        ClawbackCommand clawback when Chance(0.5) => clawback with { Amount = clawback.Amount + Between(1, 50) },
        ClawbackCommand clawback => clawback with { LotId = clawback.LotId is null ? OtherLot(clawback.AccountId)?.Id : null },
        ReverseClawbackCommand reversal => reversal with { Reference = reversal.Reference + "-changed" },
        FreezeCommand freeze => freeze with { Reference = freeze.Reference + "-changed" },
        UnfreezeCommand unfreeze => unfreeze with { Reference = unfreeze.Reference + "-changed" },
        NoteCommand note => note with { Reference = note.Reference + "-changed" },
        AdjustCommand adjust => adjust with { Amount = adjust.Amount + Between(1, 50) },
        CreateGiftCodesCommand create => create with { Amount = create.Amount + 1 },
        RedeemGiftCodeCommand redeem => redeem with { Code = UnknownGiftCode() },
        RefundChargeCommand refund => refund with { Amount = (refund.Amount ?? 0) + 1 },
        BulkGiftCommand bulk => bulk with { Recipients = [.. bulk.Recipients.Select(recipient => recipient with { Amount = recipient.Amount + 1 })] },
        RevokeGiftCodeCommand revoke => revoke with { CodeId = revoke.CodeId + "0" },
        _ => throw new ArgumentOutOfRangeException(nameof(original), original.GetType().Name, null),
    };

    /// <summary>
    /// Moves the clock past the rollover lot's own expiry before the account is touched again, so the
    /// catch-up that expires the lot also finds its rollover lot due at once.
    /// </summary>
    private void PlanLateCatchUp(string accountId, long rolloverExpiresAtMs) =>
        _planned.Enqueue(() => rolloverExpiresAtMs > model.NowMs
            ? new Operation(OperationKind.AdvanceClock, AdvanceMs: WithoutUnknownIdTies(rolloverExpiresAtMs - model.NowMs + Between(0, Hour)))
            : null);

    private Operation Send(OperationKind kind, LedgerCommand command)
    {
        _commands.Add(command);
        return new Operation(kind, Commands: [command]);
    }

    private long UniqueRolloverExpiry(long expiresAtMs)
    {
        while (!_rolloverExpiries.Add(expiresAtMs))
        {
            expiresAtMs++;
        }
        return expiresAtMs;
    }

    /// <summary>A lot of another account, to name where the account has no such lot.</summary>
    private ModelLot? OtherLot(string accountId)
    {
        var others = model.KnownLots.Where(lot => lot.AccountId != accountId).ToList();
        return others.Count > 0 ? others[random.Next(others.Count)] : null;
    }

    private static (string AccountId, string Reference) Dispute(ModelHold freeze) => (freeze.AccountId, freeze.Reference);

    private string NewDispute() => $"dp-{(++_disputeCount).ToString(CultureInfo.InvariantCulture)}";

    private static ProtoBucket NotRollover(ProtoBucket bucket) => bucket == ProtoBucket.Rollover ? ProtoBucket.Subscription : bucket;

    private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    private Dictionary<string, string> Metadata()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Chance(0.2))
        {
            metadata["source"] = "audit";
            metadata["step"] = random.Next(100).ToString(CultureInfo.InvariantCulture);
        }
        return metadata;
    }
}
