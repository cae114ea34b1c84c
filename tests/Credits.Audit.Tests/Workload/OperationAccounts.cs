using Credits.Audit.Tests.Model;
using Credits.Ledger.Commands;
using Credits.V1;

namespace Credits.Audit.Tests.Workload;

/// <summary>The accounts an operation names (for a commit or release, the hold's owner): the ones the ledger loads, and the audit reads back.</summary>
public static class OperationAccounts
{
    public static IEnumerable<ModelAccount> Of(Operation? operation, ModelLedger model)
    {
        IEnumerable<string> ids = operation?.Request switch
        {
            GrantRequest grant => [grant.AccountId],
            ReserveRequest reserve => reserve.OnBehalfOf.Length > 0 ? [reserve.AccountId, reserve.OnBehalfOf] : [reserve.AccountId],
            CommitRequest commit => model.FindHold(commit.HoldId) is { } hold ? [hold.AccountId] : [],
            ReleaseRequest release => model.FindHold(release.HoldId) is { } hold ? [hold.AccountId] : [],
            ClaimLeadRequest claim => [claim.LeadAccountId, claim.UserAccountId],
            TransferRequest transfer => [transfer.FromAccountId, transfer.ToAccountId],
            GetBalanceRequest read => [read.AccountId],
            _ when operation?.Commands is { } commands => commands.SelectMany(command => AccountsOf(command, model)).Distinct(StringComparer.Ordinal),
            _ => operation?.AccountId is { } id ? [id] : [],
        };
        return ids.Select(model.Account);
    }

    private static IEnumerable<string> AccountsOf(LedgerCommand command, ModelLedger model) => command switch
    {
        ExtendHoldCommand extend => model.FindHold(extend.HoldId) is { } hold ? [hold.AccountId] : [],
        RefundChargeCommand refund => model.FindHold(refund.HoldId) is { } hold ? [hold.AccountId] : [],
        ImportLotsCommand import => [.. import.Rows.Select(row => row.AccountId).Distinct(StringComparer.Ordinal)],
        BulkGiftCommand bulk => [bulk.FromAccountId, .. bulk.Recipients.Select(recipient => recipient.AccountId)],
        _ => [AccountOf(command)],
    };

    private static string AccountOf(LedgerCommand command) => command switch
    {
        GrantCommand grant => grant.AccountId,
        ClawbackCommand clawback => clawback.AccountId,
        ReverseClawbackCommand reversal => reversal.AccountId,
        FreezeCommand freeze => freeze.AccountId,
        UnfreezeCommand unfreeze => unfreeze.AccountId,
        NoteCommand note => note.AccountId,
        AddPoolMemberCommand add => add.AccountId,
        UpdatePoolMemberCommand update => update.AccountId,
        RemovePoolMemberCommand remove => remove.AccountId,
        AdjustCommand adjust => adjust.AccountId,
        CreateGiftCodesCommand create => create.IssuerAccountId,
        RedeemGiftCodeCommand redeem => redeem.AccountId,
        RevokeGiftCodeCommand revoke => revoke.IssuerAccountId,
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "The audit sends no such command."),
    };
}
