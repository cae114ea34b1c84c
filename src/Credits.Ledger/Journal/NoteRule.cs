using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Journal;

/// <summary>Note: a journal entry for support (a payment that failed); the balance does not change.</summary>
internal sealed class NoteRule : AccountKeyedRule<NoteCommand, NoteResult>
{
    protected override void Validate(NoteCommand command)
    {
        AccountIds.Parse(command.AccountId, "account_id");
        Require.Reference(command.Reference);
        Require.IdempotencyKey(command.IdempotencyKey);
        Require.Metadata(command.Metadata);
    }

    public override string Fingerprint(NoteCommand command) =>
        Digest("note", command.AccountId, command.Reference, StoredJson.WriteMetadata(command.Metadata));

    protected override void DeclareAccounts(NoteCommand command, LoadPlan plan) => plan.Account(command.AccountId, create: true);

    protected override Decision<NoteResult> DecideOnce(NoteCommand command, Batch batch)
    {
        var account = batch.Accounts[command.AccountId];
        return new NoteResult(account.Note(command, batch.Context), account.View(batch.Context.Now));
    }
}
