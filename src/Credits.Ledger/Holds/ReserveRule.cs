using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Pools;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Holds;

/// <summary>Reserve: pins credits to specific lots in burn-down order, for a TTL.</summary>
internal sealed class ReserveRule : AccountKeyedRule<ReserveCommand, ReserveResult>
{
    protected override void Validate(ReserveCommand command)
    {
        AccountIds.Parse(command.AccountId, "account_id");
        switch (command.Amount, command.Feature)
        {
            case (null, null):
                throw LedgerErrors.Invalid("amount", "Either amount or feature is required.").ToException();
            case (not null, not null):
                throw LedgerErrors.Invalid("feature", "Give amount or feature, not both.").ToException();
            case ({ } amount, null):
                Require.Amount(amount, "amount");
                if (command.Quantity != 0)
                {
                    throw LedgerErrors.Invalid("quantity", "quantity applies only to a feature.").ToException();
                }
                break;
            case (null, { } feature):
                if (feature.Length == 0 || feature.Length > Limits.FeatureLengthMax || !Text.IsPrintableAscii(feature))
                {
                    throw LedgerErrors.Invalid("feature", $"feature must be 1 to {Limits.FeatureLengthMax} printable ASCII characters.").ToException();
                }
                if (command.Quantity < 0 || command.Quantity > Limits.QuantityMax)
                {
                    throw LedgerErrors.Invalid("quantity", $"quantity must be 0 to {Limits.QuantityMax}.").ToException();
                }
                break;
        }
        if (command.Ttl is { } ttl && (ttl < Limits.HoldTtlMin || ttl > Limits.HoldTtlMax))
        {
            throw LedgerErrors.Invalid("ttl", "ttl must be 1 second to 24 hours.").ToException();
        }
        Require.IdempotencyKey(command.IdempotencyKey);
        Require.Metadata(command.Metadata);
        if (command.OnBehalfOf is { } member)
        {
            PoolReserve.Validate(command.AccountId, member);
        }
    }

    /// <summary>Resolves a feature's price on the server, so a price change needs no caller change.</summary>
    protected override ReserveCommand Prepare(ReserveCommand command, AdmissionContext context)
    {
        if (command.Feature is not { } feature)
        {
            return command with { PricedAmount = command.Amount!.Value };
        }
        if (!context.Prices.TryGetPrice(feature, out var creditsPerUnit))
        {
            throw LedgerErrors.FeatureNotFound(feature).ToException();
        }
        if (creditsPerUnit <= 0)
        {
            // The catalogue validates prices when it loads; a non-positive one here is a bug.
            throw new InvalidOperationException($"The price catalogue returned {creditsPerUnit} credits for {feature}.");
        }
        var quantity = Math.Max(1, command.Quantity);
        if (creditsPerUnit > Limits.AmountMax / quantity)
        {
            throw LedgerErrors.Invalid("quantity", $"{quantity} units of {feature} cost more than {Limits.AmountMax} credits.").ToException();
        }
        return command with { PricedAmount = creditsPerUnit * quantity };
    }

    /// <summary>A priced reserve is fingerprinted by feature and quantity, not by the price, so a retry after a price change still replays.
    /// The member of a pool reserve joins the digest only when given, so keys stored before pools still replay.</summary>
    public override string Fingerprint(ReserveCommand command)
    {
        string[] fields = ["reserve", command.AccountId, N(command.Amount), command.Feature ?? "",
            N(command.Quantity), N(command.Ttl is { } ttl ? (long)ttl.TotalMilliseconds : null), StoredJson.WriteMetadata(command.Metadata)];
        return Digest(command.OnBehalfOf is { } member ? [.. fields, "on-behalf-of", member] : fields);
    }

    // A lead is created on first use so that its allowance is granted exactly once.
    protected override void DeclareAccounts(ReserveCommand command, LoadPlan plan)
    {
        plan.Account(command.AccountId, create: AccountIds.KindOf(command.AccountId) == AccountKind.Lead);
        if (command.OnBehalfOf is { } member)
        {
            PoolReserve.Declare(command.AccountId, member, plan);
        }
    }

    protected override Decision<ReserveResult> DecideOnce(ReserveCommand command, Batch batch)
    {
        if (command.OnBehalfOf is not null)
        {
            return PoolReserve.Decide(command, batch);
        }
        var account = batch.Accounts[command.AccountId];
        // A reserve by feature may also spend the lots scoped to it; one by amount never does.
        var spendable = account.Spendable(command.Feature, batch.Context.Now);
        if (spendable < command.PricedAmount)
        {
            return LedgerErrors.InsufficientCredits(spendable, command.PricedAmount);
        }
        if (account.RoomForHold(batch.Context.Options) is { } tooMany)
        {
            return tooMany;
        }
        var hold = account.Reserve(command, batch.Context);
        return new ReserveResult(hold.HoldId, hold.Amount, hold.ExpiresAt, account.View(batch.Context.Now));
    }
}
