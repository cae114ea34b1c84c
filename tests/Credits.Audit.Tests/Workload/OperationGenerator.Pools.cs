using Credits.Audit.Tests.Model;
using Credits.Ledger.Commands;
using Credits.Ledger.Pools;
using PoolPeriod = Credits.Ledger.Pools.PoolPeriod;
using PoolRole = Credits.Ledger.Pools.PoolRole;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Audit.Tests.Workload;

/// <summary>
/// The pool part of the workload: one pool (<see cref="ModelLedger.PoolId"/>) whose members are some
/// of the audit's users, with tight limits so that refusals are common; reserves on it on behalf of a
/// member (or of a user that is not one), grants that keep it alive, membership changes and usage
/// reads. Commits, releases and expiry of pool holds come from the common part, which picks any hold.
/// </summary>
public sealed partial class OperationGenerator
{
    private bool _poolStarted;

    private Operation Pool(OperationKind kind)
    {
        if (!_poolStarted)
        {
            // The first pool step adds the first members (which creates the pool) and funds it.
            _poolStarted = true;
            _planned.Enqueue(() => AddMember(Users[1], 500, PoolPeriod.Week, PoolRole.Admin));
            _planned.Enqueue(() => AddMember(Users[2], null, PoolPeriod.None, PoolRole.Member));
            _planned.Enqueue(() => AddMember(Users[3], 150, PoolPeriod.None, PoolRole.Member));
            _planned.Enqueue(() => PoolGrant(Between(300, 1000)));
            return AddMember(Users[0], 200, PoolPeriod.Day, PoolRole.Member);
        }
        return kind switch
        {
            OperationKind.PoolMembership => Membership(),
            OperationKind.PoolUsage => new Operation(kind, AccountId: ModelLedger.PoolId),
            _ => model.Account(ModelLedger.PoolId).Available < 100 && Chance(0.5) ? PoolGrant(Between(50, 600)) : PoolReserve(),
        };
    }

    private Operation PoolReserve()
    {
        var active = model.PoolMembers.Values.Where(member => member.IsActive).ToList();
        // Mostly an active member; now and then any user, which may be a removed member or none.
        var member = active.Count > 0 && Chance(0.85) ? active[random.Next(active.Count)].MemberId : Users[random.Next(Users.Count)];
        var request = new ReserveRequest { AccountId = ModelLedger.PoolId, OnBehalfOf = member, IdempotencyKey = NewKey() };
        var pool = model.BalanceOf(model.Account(ModelLedger.PoolId)).Available;
        var allowance = long.MaxValue;
        if (model.PoolMembers.GetValueOrDefault(member) is { Limit: { } limit } terms)
        {
            var (held, committed) = model.PoolUsage(terms);
            allowance = Math.Max(0, limit - held - committed);
        }
        switch (random.NextDouble())
        {
            case < 0.1:
                request.Feature = Features[random.Next(Features.Length)];
                request.Quantity = random.Next(0, 5);
                break;
            case < 0.65:
                request.Amount = Between(1, Math.Max(1, Math.Min(Math.Min(pool, allowance), 300)));
                break;
            case < 0.82 when allowance < long.MaxValue:
                request.Amount = allowance + Between(1, 50);
                break;
            default:
                request.Amount = pool + Between(1, 50);
                break;
        }
        if (Chance(0.7))
        {
            var ttl = Chance(0.5) ? Between(1, 120) * Second : Between(1, 24 * 60) * Minute;
            request.Ttl = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(ttl));
        }
        AddMetadata(request.Metadata);
        _reserves.Add(request);
        return new Operation(OperationKind.PoolReserve, request);
    }

    private Operation PoolGrant(long amount)
    {
        var request = new GrantRequest
        {
            AccountId = ModelLedger.PoolId,
            Amount = amount,
            Bucket = Bucket.Purchased,
            Reference = $"ref-{++_references}",
            IdempotencyKey = NewKey(),
        };
        _grants.Add(request);
        return new Operation(OperationKind.Grant, request);
    }

    /// <summary>Adds a user that is not an active member, or updates or removes one that is; now and then the wrong one of these (refused).</summary>
    private Operation Membership()
    {
        var user = Users[random.Next(Users.Count - 1)];
        var isActive = model.PoolMembers.GetValueOrDefault(user) is { IsActive: true };
        var (limit, period, role) = (Chance(0.2) ? (long?)null : Between(50, 600), (PoolPeriod)random.Next(0, 4),
            Chance(0.3) ? PoolRole.Admin : PoolRole.Member);
        if (isActive == Chance(0.9))
        {
            return Chance(0.5)
                ? Send(new UpdatePoolMemberCommand(Actor, ModelLedger.PoolId, user, limit, period, role, NewKey()))
                : Send(new RemovePoolMemberCommand(Actor, ModelLedger.PoolId, user, NewKey()));
        }
        return AddMember(user, limit, period, role);
    }

    private Operation AddMember(string user, long? limit, PoolPeriod period, PoolRole role) =>
        Send(new AddPoolMemberCommand(Actor, ModelLedger.PoolId, user, limit, period, role, NewKey()));

    // Not kept for CommandRetry: the common retry path runs only the commands it knows.
    private static Operation Send(LedgerCommand command) => new(OperationKind.PoolMembership, Commands: [command]);
}
