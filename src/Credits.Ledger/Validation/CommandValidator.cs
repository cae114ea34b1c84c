using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Validation;

/// <summary>Checks a command's fields before it reaches the engine; bad input never touches the database.</summary>
internal static class CommandValidator
{
    public static void Validate(LedgerCommand command)
    {
        if (string.IsNullOrEmpty(command.Actor))
        {
            throw new ArgumentException("Every command needs the authenticated caller as its actor.", nameof(command));
        }
        switch (command)
        {
            case GrantCommand grant:
                AccountIds.Parse(grant.AccountId, "account_id");
                Require.Amount(grant.Amount, "amount");
                if (!Enum.IsDefined(grant.Bucket))
                {
                    throw LedgerErrors.Invalid("bucket", "bucket must be one of the BUCKET_ values other than BUCKET_UNSPECIFIED.");
                }
                if (grant.Priority is { } priority && (priority < Limits.PriorityMin || priority > Limits.PriorityMax))
                {
                    throw LedgerErrors.Invalid("priority", $"priority must be {Limits.PriorityMin} to {Limits.PriorityMax}.");
                }
                Require.MaxLength(grant.Reference, Limits.ReferenceLengthMax, "reference");
                if (grant.Rollover is { } rollover)
                {
                    if (grant.ExpiresAt is not { } expiresAt || rollover.ExpiresAt <= expiresAt)
                    {
                        throw LedgerErrors.Invalid("rollover", "A lot that rolls over must expire, before its rollover lot does.");
                    }
                    if (grant.Bucket == Bucket.Rollover)
                    {
                        throw LedgerErrors.Invalid("rollover", "Rollover lots never roll over again.");
                    }
                    if (rollover.Cap < 0 || rollover.Cap > Limits.AmountMax)
                    {
                        throw LedgerErrors.Invalid("rollover", $"The rollover cap must be 0 to {Limits.AmountMax}.");
                    }
                }
                Require.IdempotencyKey(grant.IdempotencyKey);
                Require.Metadata(grant.Metadata);
                break;
            case ReserveCommand reserve:
                AccountIds.Parse(reserve.AccountId, "account_id");
                ValidateCost(reserve);
                if (reserve.Ttl is { } ttl && (ttl < Limits.HoldTtlMin || ttl > Limits.HoldTtlMax))
                {
                    throw LedgerErrors.Invalid("ttl", "ttl must be 1 second to 24 hours.");
                }
                Require.IdempotencyKey(reserve.IdempotencyKey);
                Require.Metadata(reserve.Metadata);
                break;
            case CommitCommand commit:
                Require.OpaqueId(commit.HoldId, "hold_id");
                if (commit.Amount is { } amount)
                {
                    Require.Amount(amount, "amount");
                }
                Require.Metadata(commit.Metadata);
                break;
            case ReleaseCommand release:
                Require.OpaqueId(release.HoldId, "hold_id");
                break;
            case ClawbackCommand clawback:
                AccountIds.Parse(clawback.AccountId, "account_id");
                Require.Amount(clawback.Amount, "amount");
                if (clawback.LotId is { } lotId)
                {
                    Require.OpaqueId(lotId, "lot_id");
                }
                RequireReference(clawback.Reference);
                Require.IdempotencyKey(clawback.IdempotencyKey);
                Require.Metadata(clawback.Metadata);
                break;
            case NoteCommand note:
                AccountIds.Parse(note.AccountId, "account_id");
                RequireReference(note.Reference);
                Require.IdempotencyKey(note.IdempotencyKey);
                Require.Metadata(note.Metadata);
                break;
            case ReverseClawbackCommand reverse:
                AccountIds.Parse(reverse.AccountId, "account_id");
                RequireReference(reverse.Reference);
                Require.IdempotencyKey(reverse.IdempotencyKey);
                break;
            case FreezeCommand freeze:
                AccountIds.Parse(freeze.AccountId, "account_id");
                Require.OpaqueId(freeze.LotId, "lot_id");
                RequireReference(freeze.Reference);
                Require.IdempotencyKey(freeze.IdempotencyKey);
                break;
            case UnfreezeCommand unfreeze:
                AccountIds.Parse(unfreeze.AccountId, "account_id");
                RequireReference(unfreeze.Reference);
                Require.IdempotencyKey(unfreeze.IdempotencyKey);
                break;
            case ClaimLeadCommand claim:
                if (AccountIds.Parse(claim.LeadAccountId, "lead_account_id") != AccountKind.Lead)
                {
                    throw LedgerErrors.Invalid("lead_account_id", "lead_account_id must be a 'lead:' account.");
                }
                if (AccountIds.Parse(claim.UserAccountId, "user_account_id") != AccountKind.User)
                {
                    throw LedgerErrors.Invalid("user_account_id", "user_account_id must be a 'user:' account.");
                }
                Require.IdempotencyKey(claim.IdempotencyKey);
                break;
        }
    }

    private static void RequireReference(string reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            throw LedgerErrors.Invalid("reference", "reference is required.");
        }
        Require.MaxLength(reference, Limits.ReferenceLengthMax, "reference");
    }

    private static void ValidateCost(ReserveCommand reserve)
    {
        switch (reserve.Amount, reserve.Feature)
        {
            case (null, null):
                throw LedgerErrors.Invalid("amount", "Either amount or feature is required.");
            case (not null, not null):
                throw LedgerErrors.Invalid("feature", "Give amount or feature, not both.");
            case ({ } amount, null):
                Require.Amount(amount, "amount");
                if (reserve.Quantity != 0)
                {
                    throw LedgerErrors.Invalid("quantity", "quantity applies only to a feature.");
                }
                break;
            case (null, { } feature):
                if (feature.Length == 0 || feature.Length > Limits.FeatureLengthMax || !Text.IsPrintableAscii(feature))
                {
                    throw LedgerErrors.Invalid("feature", $"feature must be 1 to {Limits.FeatureLengthMax} printable ASCII characters.");
                }
                if (reserve.Quantity < 0 || reserve.Quantity > Limits.QuantityMax)
                {
                    throw LedgerErrors.Invalid("quantity", $"quantity must be 0 to {Limits.QuantityMax}.");
                }
                break;
        }
    }
}
