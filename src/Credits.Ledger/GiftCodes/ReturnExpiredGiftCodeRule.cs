using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Journal;
using Credits.Ledger.Rules;

namespace Credits.Ledger.GiftCodes;

/// <summary>
/// The sweeper's return of an expired code: under the issuer's lock and then the code's (the same
/// order as RevokeGiftCode and RedeemGiftCode), an active code at or past its expiry goes back to
/// the issuer once. A code that a revocation ended meanwhile, or that is not due, returns nothing;
/// an issuer without room for the credits keeps them in escrow until a later sweep.
/// </summary>
internal sealed class ReturnExpiredGiftCodeRule : CommandRule<ReturnExpiredGiftCodeCommand, ReturnExpiredGiftCodeResult>
{
    private static readonly ReturnExpiredGiftCodeResult Nothing = new(0);

    // The sweeper builds these from stored rows: there is no caller input to check.
    protected override void Validate(ReturnExpiredGiftCodeCommand command)
    {
    }

    protected override void Declare(ReturnExpiredGiftCodeCommand command, LoadPlan plan)
    {
        plan.Account(command.IssuerAccountId, create: false);
        plan.SpentLots(command.IssuerAccountId);
        plan.Want(BatchEntities.GiftCodes, command.CodeHash);
    }

    protected override uint Partition(ReturnExpiredGiftCodeCommand command) => Ids.Partition(command.IssuerAccountId);

    protected override Decision<ReturnExpiredGiftCodeResult> Decide(ReturnExpiredGiftCodeCommand command, Batch batch)
    {
        var context = batch.Context;
        var code = batch.Set(BatchEntities.GiftCodes).Find(command.CodeHash);
        if (code is null || !code.IsActive || !code.IsExpiredAt(context.Now)
            || !batch.Accounts.TryGetValue(command.IssuerAccountId, out var issuer)
            || issuer.RoomFor(code.Amount, "code") is not null || issuer.RoomForLots(code.Escrow.Count, context.Options) is not null)
        {
            return Nothing;
        }
        code.Return(GiftCodeState.Expired, "", context.Now);
        return new ReturnExpiredGiftCodeResult(issuer.ReturnGiftCode(code, EntryKind.GiftCodeExpire, Actors.System, "", context));
    }
}
