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
/// CreateGiftCodes: takes count × amount of the issuer's credits into escrow in one transaction
/// (the issuer locked, one journal entry) and inserts the codes in the same batch. Only lots that
/// live past the codes' expiry may pay, so an escrowed credit never expires before its code; other
/// available credits count as not available (INSUFFICIENT_CREDITS names what could pay).
/// </summary>
internal sealed class CreateGiftCodesRule : KeyedCommandRule<CreateGiftCodesCommand, CreateGiftCodesResult>
{
    /// <summary>The journal metadata keys: how many codes, of how much each, expiring when.</summary>
    public const string CountKey = "count";
    public const string AmountKey = "amount";
    public const string ExpiresAtKey = "expiresAt";

    protected override void Validate(CreateGiftCodesCommand command)
    {
        if (AccountIds.Parse(command.IssuerAccountId, "issuer_account_id") == AccountKind.Lead)
        {
            throw LedgerErrors.Invalid("issuer_account_id", "issuer_account_id must be a 'user:' or 'org:' account.").ToException();
        }
        Require.Amount(command.Amount, "amount");
        if (command.Count is < 1 or > GiftCodeLimits.CodesPerRequestMax)
        {
            throw LedgerErrors.Invalid("count", $"count must be between 1 and {GiftCodeLimits.CodesPerRequestMax}.").ToException();
        }
        if (command.Amount > Limits.AmountMax / command.Count)
        {
            throw LedgerErrors.Invalid("amount", $"amount × count must be at most {Limits.AmountMax}.").ToException();
        }
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    /// <summary>The key is the issuer's: a retry of the same request returns the same codes.</summary>
    public override IdempotencyScope KeyOf(CreateGiftCodesCommand command) => new(command.IssuerAccountId, command.IdempotencyKey);

    public override string Fingerprint(CreateGiftCodesCommand command) =>
        Digest("create-gift-codes", command.IssuerAccountId, N(command.Amount), N(command.Count), N(Clock.ToMs(command.ExpiresAt)));

    protected override void DeclareAccounts(CreateGiftCodesCommand command, LoadPlan plan) =>
        plan.Account(command.IssuerAccountId, create: false);

    protected override Decision<CreateGiftCodesResult> DecideOnce(CreateGiftCodesCommand command, Batch batch)
    {
        var context = batch.Context;
        // The expiry is checked against the batch's clock, not the caller's, like every other moment.
        if (command.ExpiresAt <= context.Now)
        {
            return LedgerErrors.Invalid("expires_at", "expires_at must be in the future.");
        }
        if (command.ExpiresAt > context.Now + GiftCodeLimits.LifetimeMax)
        {
            return LedgerErrors.Invalid("expires_at", $"expires_at must be within {GiftCodeLimits.LifetimeMax.TotalDays:0} days.");
        }
        var issuer = batch.Accounts[command.IssuerAccountId];
        var total = command.Amount * command.Count;
        var outliving = issuer.AvailableOutliving(command.ExpiresAt, context.Now);
        if (outliving < total)
        {
            return LedgerErrors.InsufficientCredits(outliving, total);
        }
        var metadata = new Dictionary<string, string>
        {
            [CountKey] = N(command.Count),
            [AmountKey] = N(command.Amount),
            [ExpiresAtKey] = N(Clock.ToMs(command.ExpiresAt)),
        };
        var escrows = issuer.EscrowGiftCodes(command.Amount, command.Count, command.ExpiresAt, command.Actor,
            command.IdempotencyKey, metadata, context);
        var codes = batch.Set(BatchEntities.GiftCodes);
        var created = new List<CreatedGiftCode>(command.Count);
        foreach (var escrow in escrows)
        {
            var canonical = GiftCodeText.NewCanonical();
            var code = GiftCode.Create(GiftCodeText.Hash(canonical), Ids.NewGiftCodeId(command.IssuerAccountId), command.IssuerAccountId,
                GiftCodeText.DisplaySuffix(canonical), command.ExpiresAt, context.Now, escrow);
            codes.Add(code);
            created.Add(new CreatedGiftCode(code.CodeId, GiftCodeText.Format(canonical), code.Amount, code.ExpiresAt));
        }
        return new CreateGiftCodesResult(created, total, issuer.View(context.Now));
    }
}
