using Credits.Audit.Tests.Checking;
using Credits.Audit.Tests.Model;
using Credits.Ledger.Commands;
using Credits.Ledger.Pools;

namespace Credits.Audit.Tests.Workload;

/// <summary>
/// The pool steps: membership commands through the domain API, and the check that every member's
/// usage this period, as the ledger's reader lists it, is what the model derives from its holds.
/// </summary>
public sealed partial class AuditRunner
{
    private async Task<string> ExecutePoolAsync(Operation operation)
    {
        if (operation.Kind == OperationKind.PoolUsage)
        {
            return await CheckPoolUsageAsync();
        }
        var ledger = _server.Ledger;
        var command = operation.Commands![0];
        var expected = _model.PoolMembership(command);
        var observed = command switch
        {
            AddPoolMemberCommand add => await PoolMemberAsync(() => ledger.AddPoolMemberAsync(add)),
            UpdatePoolMemberCommand update => await PoolMemberAsync(() => ledger.UpdatePoolMemberAsync(update)),
            RemovePoolMemberCommand remove => await PoolMemberAsync(() => ledger.RemovePoolMemberAsync(remove)),
            _ => throw new InvalidOperationException($"No way to run {CommandText.Describe(command)}."),
        };
        return Compare(expected, observed);
    }

    /// <summary>
    /// After every step that can change what a member used this period (one on the pool, a clock move
    /// across a period's start, a sweep that expires pool holds), the reader must agree with the model.
    /// </summary>
    private async Task CheckPoolUsageAfterAsync(Operation operation)
    {
        if (_model.PoolMembers.Count > 0 && (operation.Kind is OperationKind.AdvanceClock or OperationKind.Sweep
                || OperationAccounts.Of(operation, _model).Any(account => account.Id == ModelLedger.PoolId)))
        {
            await CheckPoolUsageAsync();
        }
    }

    private async Task<string> CheckPoolUsageAsync()
    {
        _model.CountEndedPoolHolds();
        var page = await _server.Ledger.ListPoolMembersAsync(ModelLedger.PoolId, 500, "", includeRemoved: true);
        var actual = string.Join(Environment.NewLine, page.Members.Select(PoolReplies.Describe));
        var expected = string.Join(Environment.NewLine, _model.PoolViews().Select(PoolReplies.Describe));
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Fail("the pool's members and their usage this period differ from the model's", expected, actual);
        }
        return $"{page.Members.Count} pool members";
    }

    private static async Task<Observed> PoolMemberAsync(Func<Task<PoolMemberResult>> call)
    {
        try
        {
            var result = await call();
            return new Observed(result, null, PoolReplies.Describe(result.Member));
        }
        catch (Credits.Ledger.Errors.LedgerException error)
        {
            return new Observed(null, error.Kind.ToString(), ExpectedError.DescribeLedgerError(error.Kind.ToString(), error.Metadata));
        }
    }
}
