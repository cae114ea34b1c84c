using Credits.Audit.Tests.Checking;
using Credits.Ledger.Commands;
using Credits.Ledger.Pools;
using PoolPeriod = Credits.Ledger.Pools.PoolPeriod;
using PoolRole = Credits.Ledger.Pools.PoolRole;
using Credits.V1;
using Grpc.Core;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// The audit's one pool (docs/pools.md): members with a limit per period, reserves on the pool on
/// behalf of a member, and each member's usage this period. Usage is not kept as a counter: it is
/// derived from the pool holds themselves (held: the active ones; committed: what the committed ones
/// kept, in the period each was reserved in), which is the definition the ledger's verifier checks,
/// so expiry, release and partial commit need no pool code of their own.
/// </summary>
public sealed partial class ModelLedger
{
    /// <summary>The audit's pool account.</summary>
    public const string PoolId = "org:audit-pool";

    private readonly SortedDictionary<string, ModelPoolMember> _poolMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<ModelHold, ModelPoolHold> _poolHolds = [];
    private readonly HashSet<ModelHold> _endedPoolHolds = [];

    /// <summary>Every account that ever was a member of the pool, by id (removed ones included).</summary>
    public IReadOnlyDictionary<string, ModelPoolMember> PoolMembers => _poolMembers;

    /// <summary>The start of the period containing <paramref name="nowMs"/> (UTC; a week from Monday; 0 for none), restated from the contract.</summary>
    public static long PeriodStartMs(PoolPeriod period, long nowMs)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
        var day = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);
        var start = period switch
        {
            PoolPeriod.None => DateTimeOffset.UnixEpoch,
            PoolPeriod.Day => day,
            PoolPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            PoolPeriod.Month => new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
        return start.ToUnixTimeMilliseconds();
    }

    /// <summary>What <paramref name="member"/>'s holds of its current period hold and committed.</summary>
    public (long Held, long Committed) PoolUsage(ModelPoolMember member)
    {
        var start = PeriodStartMs(member.Period, NowMs);
        long held = 0, committed = 0;
        foreach (var (hold, counted) in _poolHolds)
        {
            if (counted.MemberId != member.MemberId || counted.PeriodStartMs != start)
            {
                continue;
            }
            held += hold.State == ModelHoldState.Active ? hold.Amount : 0;
            committed += hold.State == ModelHoldState.Committed ? hold.Committed : 0;
        }
        return (held, committed);
    }

    /// <summary>Counts how the pool holds that ended since the last call ended (the paths a run must reach).</summary>
    public void CountEndedPoolHolds()
    {
        foreach (var (hold, counted) in _poolHolds.Where(item => item.Key.State != ModelHoldState.Active && _endedPoolHolds.Add(item.Key)))
        {
            Coverage.Count(hold.State == ModelHoldState.Committed && hold.Committed < hold.Amount
                ? "pool hold committed in part"
                : $"pool hold {hold.StateName}");
            if (counted.PeriodStartMs != PeriodStartMs(_poolMembers[counted.MemberId].Period, NowMs))
            {
                // It counts in the period it was reserved in, not in the current one.
                Coverage.Count("pool hold ended after its period");
            }
        }
    }

    /// <summary>Every member as the ledger's reader must list it now (removed ones included), in member id order.</summary>
    public IReadOnlyList<PoolMemberView> PoolViews() => _poolMembers.Values.Select(PoolView).ToList();

    /// <summary>A membership change through the domain API (add, update or remove), applied under the pool's lock after its catch-up.</summary>
    public Expected PoolMembership(LedgerCommand command)
    {
        var (memberId, create) = command switch
        {
            AddPoolMemberCommand add => (add.MemberAccountId, true),
            UpdatePoolMemberCommand update => (update.MemberAccountId, false),
            RemovePoolMemberCommand remove => (remove.MemberAccountId, false),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a pool membership command."),
        };
        Touch(Account(PoolId), create);
        var member = _poolMembers.GetValueOrDefault(memberId);
        switch (command)
        {
            case AddPoolMemberCommand add when member is { IsActive: true }:
                return Expected.Fail(ExpectedError.Of(StatusCode.AlreadyExists, "POOL_MEMBER_EXISTS",
                    ("poolAccountId", PoolId), ("memberAccountId", memberId)), ModelChannel.Ledger);
            case AddPoolMemberCommand add:
                if (member is null)
                {
                    member = new ModelPoolMember(memberId);
                    _poolMembers.Add(memberId, member);
                }
                else
                {
                    // Back with new terms; its usage this period stays.
                    Coverage.Count("pool member re-added");
                }
                (member.Limit, member.Period, member.Role, member.AddedAtMs, member.RemovedAtMs) = (add.Limit, add.Period, add.Role, NowMs, null);
                break;
            case not AddPoolMemberCommand when member is not { IsActive: true }:
                return Expected.Fail(NotAPoolMember(memberId), ModelChannel.Ledger);
            case UpdatePoolMemberCommand update:
                (member.Limit, member.Period, member.Role) = (update.Limit, update.Period, update.Role);
                break;
            case RemovePoolMemberCommand:
                member.RemovedAtMs = NowMs;
                if (_poolHolds.Any(item => item.Value.MemberId == memberId && item.Key.State == ModelHoldState.Active))
                {
                    Coverage.Count("pool member removed mid-hold");
                }
                break;
        }
        var view = PoolView(member);
        return Expected.Text(() => PoolReplies.Describe(view));
    }

    /// <summary>
    /// Why a reserve on the pool for a member is refused before the pool's balance is looked at: not an
    /// active member, or its allowance this period too small (the limit comes before the pool's credits).
    /// </summary>
    private ExpectedError? PoolRefusal(ReserveRequest request, long amount)
    {
        if (_poolMembers.GetValueOrDefault(request.OnBehalfOf) is not { IsActive: true } member)
        {
            Coverage.Count("pool reserve refused: not a pool member");
            return NotAPoolMember(request.OnBehalfOf);
        }
        var (held, committed) = PoolUsage(member);
        if (member.Limit is { } limit && amount > limit - (held + committed))
        {
            Coverage.Count("pool reserve refused by the member's limit");
            return ExpectedError.Of(StatusCode.ResourceExhausted, "MEMBER_LIMIT_EXCEEDED",
                ("limit", Number(limit)), ("used", Number(held + committed)), ("requested", Number(amount)));
        }
        if (Account(request.AccountId).Available < amount)
        {
            Coverage.Count("pool reserve refused for too few pool credits");
        }
        return null;
    }

    /// <summary>A new pool hold counts for its member in the member's current period, whatever happens to the member later.</summary>
    private void TrackPoolHold(ReserveRequest request, ModelHold hold)
    {
        var member = _poolMembers[request.OnBehalfOf];
        _poolHolds.Add(hold, new ModelPoolHold(member.MemberId, PeriodStartMs(member.Period, NowMs)));
        Coverage.Count("pool reserve within the member's limit");
    }

    private PoolMemberView PoolView(ModelPoolMember member)
    {
        var (held, committed) = PoolUsage(member);
        return new PoolMemberView(PoolId, member.MemberId, member.Limit, member.Period, member.Role,
            DateTimeOffset.FromUnixTimeMilliseconds(member.AddedAtMs),
            member.RemovedAtMs is { } removed ? DateTimeOffset.FromUnixTimeMilliseconds(removed) : null, held + committed,
            DateTimeOffset.FromUnixTimeMilliseconds(PeriodStartMs(member.Period, NowMs)), held, committed);
    }

    private static ExpectedError NotAPoolMember(string memberId) =>
        ExpectedError.Of(StatusCode.FailedPrecondition, "NOT_A_POOL_MEMBER", ("poolAccountId", PoolId), ("memberAccountId", memberId));
}
