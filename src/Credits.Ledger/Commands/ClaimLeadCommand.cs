namespace Credits.Ledger.Commands;

/// <summary>Moves what is left of a lead's credits into the user account that signed up.</summary>
public sealed record ClaimLeadCommand(
    string Actor,
    string LeadAccountId,
    string UserAccountId,
    string IdempotencyKey) : LedgerCommand<ClaimLeadResult>(Actor);
