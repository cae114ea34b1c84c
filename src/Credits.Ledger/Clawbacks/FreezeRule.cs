using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Clawbacks;

/// <summary>Freeze (a dispute opened): what is left of the purchase's lot stops counting as available until the dispute ends.</summary>
internal sealed class FreezeRule : AccountKeyedRule<FreezeCommand, FreezeResult>
{
    protected override void Validate(FreezeCommand command)
    {
        AccountIds.Parse(command.AccountId, "account_id");
        Require.OpaqueId(command.LotId, "lot_id");
        Require.Reference(command.Reference);
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override string Fingerprint(FreezeCommand command) => Digest("freeze", command.AccountId, command.LotId, command.Reference);

    protected override void DeclareAccounts(FreezeCommand command, LoadPlan plan) => plan.Account(command.AccountId, create: false);

    protected override Decision<FreezeResult> DecideOnce(FreezeCommand command, Batch batch)
    {
        var account = batch.Accounts[command.AccountId];
        return new FreezeResult(account.Persisted ? account.Freeze(command, batch.Context) : 0, account.View(batch.Context.Now));
    }
}
