using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.GiftCodes;

/// <summary>
/// RevokeGiftCode: an active code's escrow goes back to its issuer, once. The issuer is locked
/// first and the code's row after it (see <see cref="GiftCodeStore"/>), so a revocation racing a
/// redemption or the sweeper reads the other's outcome; the write only matches a row still active.
/// A code past its expiry that the sweeper has not reached yet may still be revoked: either way
/// the credits go home once.
/// </summary>
internal sealed class RevokeGiftCodeRule : KeyedCommandRule<RevokeGiftCodeCommand, RevokeGiftCodeResult>
{
    protected override void Validate(RevokeGiftCodeCommand command)
    {
        if (AccountIds.Parse(command.IssuerAccountId, "issuer_account_id") == AccountKind.Lead)
        {
            throw LedgerErrors.Invalid("issuer_account_id", "issuer_account_id must be a 'user:' or 'org:' account.").ToException();
        }
        if (string.IsNullOrEmpty(command.CodeId) || !command.CodeId.StartsWith("gift_", StringComparison.Ordinal) || command.CodeId.Length > 64)
        {
            throw LedgerErrors.Invalid("code_id", "code_id must be a gift code id (gift_…) as CreateGiftCodes or ListGiftCodes show it.").ToException();
        }
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    /// <summary>The key is the issuer's.</summary>
    public override IdempotencyScope KeyOf(RevokeGiftCodeCommand command) => new(command.IssuerAccountId, command.IdempotencyKey);

    public override string Fingerprint(RevokeGiftCodeCommand command) =>
        Digest("revoke-gift-code", command.IssuerAccountId, command.CodeId);

    // The issuer's spent lots are loaded too: the escrow goes back to the lots it came from.
    protected override void DeclareAccounts(RevokeGiftCodeCommand command, LoadPlan plan)
    {
        plan.Account(command.IssuerAccountId, create: false);
        plan.SpentLots(command.IssuerAccountId);
        if (command.CodeHash.Length > 0)
        {
            plan.Want(BatchEntities.GiftCodes, command.CodeHash);
        }
    }

    protected override Decision<RevokeGiftCodeResult> DecideOnce(RevokeGiftCodeCommand command, Batch batch)
    {
        var context = batch.Context;
        var code = command.CodeHash.Length > 0 ? batch.Set(BatchEntities.GiftCodes).Find(command.CodeHash) : null;
        // Another issuer's code reads as unknown: an id says nothing about codes the caller does not own.
        if (code is null || !string.Equals(code.CodeId, command.CodeId, StringComparison.Ordinal)
            || !string.Equals(code.IssuerAccountId, command.IssuerAccountId, StringComparison.Ordinal))
        {
            return LedgerErrors.GiftCodeNotFound();
        }
        switch (code.State)
        {
            case GiftCodeState.Redeemed:
                return LedgerErrors.GiftCodeEnded(LedgerErrorKind.GiftCodeRedeemed, code.CodeId, "redeemed");
            case GiftCodeState.Revoked:
                return LedgerErrors.GiftCodeEnded(LedgerErrorKind.GiftCodeRevoked, code.CodeId, "revoked");
            case GiftCodeState.Expired:
                return LedgerErrors.GiftCodeEnded(LedgerErrorKind.GiftCodeExpired, code.CodeId, "expired");
        }
        var issuer = batch.Accounts[command.IssuerAccountId];
        if (issuer.RoomFor(code.Amount, "code") is { } full)
        {
            return full;
        }
        if (issuer.RoomForLots(code.Escrow.Count, context.Options) is { } tooMany)
        {
            return tooMany;
        }
        code.Return(GiftCodeState.Revoked, command.Actor, context.Now);
        var returned = issuer.ReturnGiftCode(code, EntryKind.GiftCodeRevoke, command.Actor, command.IdempotencyKey, context);
        return new RevokeGiftCodeResult(code.CodeId, returned, issuer.View(context.Now));
    }
}
