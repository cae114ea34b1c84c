using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.GiftCodes;

/// <summary>
/// RedeemGiftCode: hands a code's escrow to the redeemer once. The code row is locked after the
/// redeemer's account (see <see cref="GiftCodeStore"/>), so of many concurrent redemptions exactly
/// one finds it active. A failure (unknown, redeemed, expired, revoked code) counts against the
/// redeemer's minute, decided under its lock; once the minute's failures reach the limit every
/// attempt is refused with TOO_MANY_ATTEMPTS and changes nothing, not even the counter.
/// </summary>
internal sealed class RedeemGiftCodeRule : KeyedCommandRule<RedeemGiftCodeCommand, RedeemGiftCodeResult>
{
    protected override void Validate(RedeemGiftCodeCommand command)
    {
        if (AccountIds.Parse(command.AccountId, "account_id") == AccountKind.Lead)
        {
            throw LedgerErrors.Invalid("account_id", "account_id must be a 'user:' or 'org:' account: a lead gets credits only by ClaimLead.").ToException();
        }
        // The check character catches typos here, before any lookup and without counting an attempt.
        if (GiftCodeText.TryCanonical(command.Code) is null)
        {
            throw LedgerErrors.Invalid("code", "code is not a well-formed gift code (XXXX-XXXX-XXXX-XXXX-C); check it for typos.").ToException();
        }
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    /// <summary>The key is the redeemer's.</summary>
    public override IdempotencyScope KeyOf(RedeemGiftCodeCommand command) => new(command.AccountId, command.IdempotencyKey);

    // The fingerprint holds the code's hash, never the code: stored keys must not reveal codes.
    public override string Fingerprint(RedeemGiftCodeCommand command) =>
        Digest("redeem-gift-code", command.AccountId, HashOf(command));

    // The redeemer's row is created if need be: its lock is what serialises its attempt counter.
    protected override void DeclareAccounts(RedeemGiftCodeCommand command, LoadPlan plan)
    {
        plan.Account(command.AccountId, create: true);
        plan.Want(BatchEntities.GiftCodes, HashOf(command));
        plan.Want(BatchEntities.RedeemAttempts, RedeemAttemptsKey.At(command.AccountId, plan.Now));
    }

    protected override Decision<RedeemGiftCodeResult> DecideOnce(RedeemGiftCodeCommand command, Batch batch)
    {
        var context = batch.Context;
        var attemptsSet = batch.Set(BatchEntities.RedeemAttempts);
        var attemptsKey = RedeemAttemptsKey.At(command.AccountId, context.Now);
        var attempts = attemptsSet.Find(attemptsKey) ?? RedeemAttempts.Start(attemptsKey);
        if (attempts.Refusal(context.Now) is { } refused)
        {
            return refused;
        }
        var code = batch.Set(BatchEntities.GiftCodes).Find(HashOf(command));
        var failure = code switch
        {
            null => LedgerErrors.GiftCodeNotFound(),
            { State: GiftCodeState.Redeemed } => LedgerErrors.GiftCodeEnded(LedgerErrorKind.GiftCodeRedeemed, code.CodeId, "redeemed"),
            { State: GiftCodeState.Revoked } => LedgerErrors.GiftCodeEnded(LedgerErrorKind.GiftCodeRevoked, code.CodeId, "revoked"),
            _ when code.State == GiftCodeState.Expired || code.IsExpiredAt(context.Now) =>
                LedgerErrors.GiftCodeEnded(LedgerErrorKind.GiftCodeExpired, code.CodeId, "expired"),
            _ => null,
        };
        if (failure is not null)
        {
            attempts.CountFailure();
            if (attempts.IsNew && attemptsSet.Find(attemptsKey) is null)
            {
                attemptsSet.Add(attempts);
            }
            return failure;
        }
        // Not counted as a failed attempt: the caller holds a real code and is told exactly why it cannot use it.
        if (string.Equals(code!.IssuerAccountId, command.AccountId, StringComparison.Ordinal))
        {
            return LedgerErrors.Invalid("account_id", "A gift code cannot be redeemed into its issuer's account: revoke it instead.");
        }
        var redeemer = batch.Accounts[command.AccountId];
        if (redeemer.RoomFor(code.Amount, "code") is { } full)
        {
            return full;
        }
        if (redeemer.RoomForLots(code.Escrow.Count, context.Options) is { } tooMany)
        {
            return tooMany;
        }
        code.Redeem(command.AccountId, context.Now);
        redeemer.ReceiveGiftCode(code, command.Actor, command.IdempotencyKey, context);
        return new RedeemGiftCodeResult(code.CodeId, code.Amount, redeemer.View(context.Now));
    }

    private static string HashOf(RedeemGiftCodeCommand command) =>
        GiftCodeText.Hash(GiftCodeText.TryCanonical(command.Code) ?? throw new InvalidOperationException("The code was validated at admission."));
}
