using System.Globalization;
using Credits.Audit.Tests.Model;
using Credits.Audit.Tests.Support;
using Credits.Ledger.Commands;

namespace Credits.Audit.Tests.Workload;

/// <summary>
/// Adjustments (added credits, removals near and beyond what is available, now and then 0 or on an
/// account the ledger does not have) and hold extensions (short and long ttls, past the lifetime cap,
/// on ended holds and freezes, with impossible ttls).
/// </summary>
public sealed partial class OperationGenerator
{
    private int _adjustments;

    private Operation Adjust()
    {
        var accountId = Chance(0.05) ? Ghosts[random.Next(Ghosts.Count)] : WriteAccount();
        var available = model.BalanceOf(model.Account(accountId)).Available;
        var amount = random.NextDouble() switch
        {
            < 0.15 => 0,
            // A positive adjustment on a ghost would create it: ghosts only see removals.
            < 0.5 when !Ghosts.Contains(accountId) => Between(1, 300),
            < 0.8 when available > 0 => -Between(1, available),
            _ => -(available + Between(1, 50)),
        };
        var reason = $"adj-{(++_adjustments).ToString(CultureInfo.InvariantCulture)}";
        return Send(OperationKind.Adjust, new AdjustCommand(Actor, accountId, amount, reason, NewKey()));
    }

    /// <summary>
    /// Refunds of committed holds (all that is left, part, or more than is left), now and then of a
    /// hold that is not committed, a missing one or without a reason. Pool holds are left out: the
    /// model of the pool's usage does not take refunds back.
    /// </summary>
    private Operation RefundCharge()
    {
        var committed = model.Holds.Where(hold => hold is { State: ModelHoldState.Committed } && hold.AccountId != ModelLedger.PoolId).ToList();
        var hold = committed.Count > 0 && Chance(0.8) ? committed[random.Next(committed.Count)] : null;
        var refunded = committed.Where(candidate => candidate.Refunded == candidate.Committed).ToList();
        if (refunded.Count > 0 && Chance(0.12))
        {
            // All that is left of a hold refunded in full: nothing.
            hold = refunded[random.Next(refunded.Count)];
        }
        var holdId = hold?.Id ?? HoldId(out hold);
        if (hold?.AccountId == ModelLedger.PoolId)
        {
            holdId = $"hold_missing_{random.Next(1000).ToString(CultureInfo.InvariantCulture)}";
        }
        var refundable = hold is null ? 0 : hold.Committed - hold.Refunded;
        long? amount = random.NextDouble() switch
        {
            < 0.3 => null,
            _ when refundable == 0 && Chance(0.5) => null,
            < 0.8 when refundable > 0 => Between(1, refundable),
            _ => refundable + Between(1, 20),
        };
        var reason = Chance(0.1) ? "" : $"rf-{(++_adjustments).ToString(CultureInfo.InvariantCulture)}";
        return Send(OperationKind.RefundCharge, new RefundChargeCommand(Actor, holdId, amount, reason, NewKey()));
    }

    private Operation ExtendHold()
    {
        var old = model.Holds.Where(hold => hold is { State: ModelHoldState.Active, IsFreeze: false } && hold.CreatedAtMs < model.NowMs
            && !hold.IsExpiredAt(model.NowMs)).ToList();
        if (old.Count > 0 && Chance(0.35))
        {
            // Just past what the hold's lifetime still allows (the longest ttl at most).
            var hold = old[random.Next(old.Count)];
            var allowedMs = hold.CreatedAtMs + (long)AuditConfiguration.HoldLifetimeMax.TotalMilliseconds - model.NowMs;
            var ttl = TimeSpan.FromMilliseconds(Math.Min(24 * Hour, allowedMs + Between(1, Hour)));
            return new Operation(OperationKind.ExtendHold, Commands: [new ExtendHoldCommand(Actor, hold.Id!, ttl)]);
        }
        var holdId = HoldId(out _);
        var ttlMs = random.NextDouble() switch
        {
            < 0.06 => 0,
            < 0.12 => 24 * Hour + Between(1, Hour),
            < 0.35 => Between(1, 120) * Second,
            < 0.75 => Between(1, 20 * 60) * Minute,
            // Near the longest ttl: past the lifetime cap for any hold that has lived a while.
            _ => Between(20 * 60, 24 * 60) * Minute,
        };
        return new Operation(OperationKind.ExtendHold, Commands: [new ExtendHoldCommand(Actor, holdId, TimeSpan.FromMilliseconds(ttlMs))]);
    }
}
