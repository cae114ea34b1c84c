using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Rules;

namespace Credits.Ledger.Expiry;

/// <summary>
/// Sweep: writes the expiries due on one account. The batch's catch-up applies what is due to every
/// loaded account, so the sweep only names the account and reports what the catch-up wrote.
/// </summary>
internal sealed class SweepRule : CommandRule<SweepCommand, SweepResult>
{
    // The sweeper builds sweeps itself from stored account ids: there is no caller input to check.
    protected override void Validate(SweepCommand command)
    {
    }

    protected override void Declare(SweepCommand command, LoadPlan plan) => plan.Account(command.AccountId, create: false);

    protected override uint Partition(SweepCommand command) => Ids.Partition(command.AccountId);

    protected override Decision<SweepResult> Decide(SweepCommand command, Batch batch) =>
        new SweepResult(batch.Accounts.TryGetValue(command.AccountId, out var swept) ? swept.NewEntries.Count : 0);
}
