using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Leads;

/// <summary>
/// ClaimLead: moves what is left of a lead's credits (bucket, expiry and priority kept) into the
/// user who signed up, once; a lead claimed by another user is LEAD_ALREADY_CLAIMED.
/// </summary>
internal sealed class ClaimLeadRule : KeyedCommandRule<ClaimLeadCommand, ClaimLeadResult>
{
    protected override void Validate(ClaimLeadCommand command)
    {
        if (AccountIds.Parse(command.LeadAccountId, "lead_account_id") != AccountKind.Lead)
        {
            throw LedgerErrors.Invalid("lead_account_id", "lead_account_id must be a 'lead:' account.").ToException();
        }
        if (AccountIds.Parse(command.UserAccountId, "user_account_id") != AccountKind.User)
        {
            throw LedgerErrors.Invalid("user_account_id", "user_account_id must be a 'user:' account.").ToException();
        }
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    /// <summary>The key is scoped by the lead: one claim per lead, whoever asks.</summary>
    public override IdempotencyScope KeyOf(ClaimLeadCommand command) => new(command.LeadAccountId, command.IdempotencyKey);

    public override string Fingerprint(ClaimLeadCommand command) => Digest("claim-lead", command.LeadAccountId, command.UserAccountId);

    protected override void DeclareAccounts(ClaimLeadCommand command, LoadPlan plan)
    {
        plan.Account(command.LeadAccountId, create: true);
        plan.Account(command.UserAccountId, create: true);
    }

    protected override Decision<ClaimLeadResult> DecideOnce(ClaimLeadCommand command, Batch batch)
    {
        var lead = batch.Accounts[command.LeadAccountId];
        var user = batch.Accounts[command.UserAccountId];
        if (lead.LeadState == LeadState.Claimed)
        {
            return lead.ClaimedBy == command.UserAccountId
                ? new ClaimLeadResult(0, user.View(batch.Context.Now))
                : LedgerErrors.LeadAlreadyClaimed(command.LeadAccountId);
        }
        if (user.RoomFor(lead.Available, "lead_account_id") is { } full)
        {
            return full;
        }
        var moved = lead.TransferOut(command.UserAccountId, command.Actor, command.IdempotencyKey, batch.Context);
        user.TransferIn(command.LeadAccountId, moved, command.Actor, command.IdempotencyKey, batch.Context);
        lead.MarkClaimedBy(command.UserAccountId);
        return new ClaimLeadResult(moved.Sum(item => item.Amount), user.View(batch.Context.Now));
    }
}
