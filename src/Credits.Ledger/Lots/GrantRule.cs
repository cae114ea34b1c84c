using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Lots;

/// <summary>Grant: a new lot of credits, which first repays what the account owes.</summary>
internal sealed class GrantRule : AccountKeyedRule<GrantCommand, GrantResult>
{
    protected override void Validate(GrantCommand command)
    {
        Accounts.AccountIds.Parse(command.AccountId, "account_id");
        Require.Amount(command.Amount, "amount");
        if (!Enum.IsDefined(command.Bucket))
        {
            throw LedgerErrors.Invalid("bucket", "bucket must be one of the defined buckets.").ToException();
        }
        if (command.Priority is { } priority && (priority < Limits.PriorityMin || priority > Limits.PriorityMax))
        {
            throw LedgerErrors.Invalid("priority", $"priority must be {Limits.PriorityMin} to {Limits.PriorityMax}.").ToException();
        }
        Require.MaxLength(command.Reference, Limits.ReferenceLengthMax, "reference");
        if (command.Rollover is { } rollover)
        {
            if (command.ExpiresAt is not { } expiresAt || rollover.ExpiresAt <= expiresAt)
            {
                throw LedgerErrors.Invalid("rollover", "A lot that rolls over must expire, before its rollover lot does.").ToException();
            }
            if (command.Bucket == Bucket.Rollover)
            {
                throw LedgerErrors.Invalid("rollover", "Rollover lots never roll over again.").ToException();
            }
            if (rollover.Cap < 0 || rollover.Cap > Limits.AmountMax)
            {
                throw LedgerErrors.Invalid("rollover", $"The rollover cap must be 0 to {Limits.AmountMax}.").ToException();
            }
        }
        Require.IdempotencyKey(command.IdempotencyKey);
        Require.Metadata(command.Metadata);
        if (command.PaymentReference is { } payment)
        {
            Require.MaxLength(payment, Limits.ReferenceLengthMax, "payment_reference");
        }
        LotFeatures.Normalise(command.Features);
    }

    /// <summary>Normalises the feature set, so that a retry naming the same features in another order matches.</summary>
    protected override GrantCommand Prepare(GrantCommand command, AdmissionContext context) =>
        command.Features.Count == 0 ? command : command with { Features = LotFeatures.Normalise(command.Features) };

    public override string Fingerprint(GrantCommand command) => Digest([
        "grant", command.AccountId, N(command.Amount), N((int)command.Bucket), N(Clock.ToMs(command.ExpiresAt)), N(command.Priority),
        command.Reference, StoredJson.WriteMetadata(command.Metadata),
        // Only grants with rollover terms carry the extra field: every other grant keeps the
        // fingerprint stored before subscriptions existed, so its retries still match.
        .. command.Rollover is { } rollover ? [$"{N(rollover.Cap)}/{N(Clock.ToMs(rollover.ExpiresAt))}"] : Array.Empty<string>(),
        // Likewise only scoped grants carry their (normalised) feature set.
        .. command.Features.Count > 0 ? ["features", LotFeatures.Write(command.Features)] : Array.Empty<string>()]);

    protected override void DeclareAccounts(GrantCommand command, LoadPlan plan)
    {
        plan.Account(command.AccountId, create: true);
        if (command.PaymentReference is { } payment)
        {
            plan.Want(BatchEntities.PaymentGrants, new PaymentGrantKey(command.AccountId, payment));
        }
    }

    protected override Decision<GrantResult> DecideOnce(GrantCommand command, Batch batch)
    {
        var account = batch.Accounts[command.AccountId];
        var now = batch.Context.Now;
        var payments = batch.Set(BatchEntities.PaymentGrants);
        var paymentKey = command.PaymentReference is { } payment ? new PaymentGrantKey(command.AccountId, payment) : (PaymentGrantKey?)null;
        if (paymentKey is { } known && payments.Find(known) is { } earlier)
        {
            return new GrantResult(earlier.LotId, account.View(now)) { AlreadyApplied = true };
        }
        if (LotExpiry.Refuse(command.ExpiresAt, now) is { } expired)
        {
            return expired;
        }
        if (account.RoomFor(command.Amount, "amount") is { } full)
        {
            return full;
        }
        if (account.RoomForLot(batch.Context.Options) is { } tooMany)
        {
            return tooMany;
        }
        var lot = account.Grant(command, batch.Context);
        if (paymentKey is { } key)
        {
            payments.Add(PaymentGrant.Record(key, lot.LotId, Clock.ToMs(now)));
        }
        return new GrantResult(lot.LotId, account.View(now));
    }
}
