using System.Globalization;
using System.Text;
using Credits.Audit.Tests.Checking;
using Credits.Audit.Tests.Model;
using Credits.Audit.Tests.Support;
using Credits.Ledger.Commands;
using Credits.V1;

namespace Credits.Audit.Tests.Workload;

/// <summary>
/// Runs the workload against the server: for each operation the model predicts the outcome first,
/// then the request is sent (through the gRPC client, or for the commands the service does not take,
/// through the domain API of the same server) and the reply (or error) must match it exactly.
/// Journals are read back and compared entry by entry; at the end every balance and journal is
/// compared once more, after a final sweep too, and the ledger's own verifier must find nothing.
/// </summary>
public sealed partial class AuditRunner
{
    // How many recent operations a failure report lists.
    private const int RecentOperationsMax = 30;

    private readonly AuditServer _server;
    private readonly int _seed;
    private readonly ModelLedger _model = new(ModelTime.ToMs(AuditConfiguration.Start));
    private readonly OperationGenerator _generator;
    private readonly Queue<string> _recent = new();
    private Operation? _current;
    private int _index;

    public AuditRunner(AuditServer server, int seed)
    {
        _server = server;
        _seed = seed;
        _generator = new OperationGenerator(new Random(seed), _model);
    }

    public AuditStatistics Statistics { get; } = new();

    public ModelCoverage Coverage => _model.Coverage;

    public DateTimeOffset ModelClock => DateTimeOffset.FromUnixTimeMilliseconds(_model.NowMs);

    public async Task RunAsync(int operations)
    {
        for (_index = 1; _index <= operations; _index++)
        {
            _current = _generator.Next();
            Statistics.Count(_current.Kind);
            var outcome = await ExecuteAsync(_current);
            _model.Settle();
            Remember($"#{_index} {_current} -> {outcome}");
            // Every entry is compared as soon as it is written, so a disagreement is reported at the
            // operation that caused it; the accounts the operation named are read even when the model
            // expects nothing new (a read, a failed call), since an unexpected entry is a disagreement too.
            // This also gives lots the server created by itself their ids before any rule needs them.
            foreach (var account in _model.Accounts.Where(account => account.Journal.Count > account.CheckedSequence)
                         .Union(OperationAccounts.Of(_current, _model)).ToList())
            {
                await CheckJournalAsync(account, account.CheckedSequence);
            }
            await CheckPoolUsageAfterAsync(_current);
        }
        _current = null;
        await FinalChecksAsync();
    }

    /// <summary>Where the run was, for a failure that is not a disagreement (an exception in the test or the client).</summary>
    public string Context() => Report("the audit stopped with an exception", "", "");

    private async Task<string> ExecuteAsync(Operation operation)
    {
        if (operation.Kind is OperationKind.RedeemRace)
        {
            return await RaceAsync(operation.Commands!);
        }
        if (operation.Kind is OperationKind.PoolMembership or OperationKind.PoolUsage)
        {
            return await ExecutePoolAsync(operation);
        }
        switch (operation.Kind)
        {
            case OperationKind.AdvanceClock:
                _server.Time.Advance(TimeSpan.FromMilliseconds(operation.AdvanceMs));
                _model.Advance(operation.AdvanceMs);
                return $"clock {ModelTime.Format(_model.NowMs)}";
            case OperationKind.Sweep:
                return await SweepAsync();
            case OperationKind.History:
                return await CheckJournalAsync(_model.Account(operation.AccountId!), operation.HistoryAfter);
        }
        if (operation.Commands is { } commands)
        {
            return await ExecuteCommandsAsync(commands);
        }
        var client = _server.Client;
        switch (operation.Request)
        {
            case GrantRequest grant:
            {
                var (expected, lot) = _model.Grant(grant);
                var observed = await Observed.CallAsync(() => client.GrantAsync(grant));
                if (observed.Reply is GrantResponse reply && lot is not null)
                {
                    Bound(_model.BindLot(lot, reply.LotId));
                }
                return Compare(expected, observed);
            }
            case ReserveRequest reserve:
            {
                var (expected, hold) = _model.Reserve(reserve);
                var observed = await Observed.CallAsync(() => client.ReserveAsync(reserve));
                if (observed.Reply is ReserveResponse reply && hold is not null)
                {
                    Bound(_model.BindHold(hold, reply.HoldId));
                }
                return Compare(expected, observed);
            }
            case CommitRequest commit:
                return Compare(_model.Commit(commit), await Observed.CallAsync(() => client.CommitAsync(commit)));
            case ReleaseRequest release:
                return Compare(_model.Release(release), await Observed.CallAsync(() => client.ReleaseAsync(release)));
            case ClaimLeadRequest claim:
                return Compare(_model.ClaimLead(claim), await Observed.CallAsync(() => client.ClaimLeadAsync(claim)));
            case TransferRequest transfer:
                return Compare(_model.Transfer(transfer), await Observed.CallAsync(() => client.TransferAsync(transfer)));
            case GetBalanceRequest read:
                return await CheckBalanceAsync(_model.Account(read.AccountId));
            default:
                throw new InvalidOperationException($"No way to run {operation}.");
        }
    }

    private async Task<string> ExecuteCommandsAsync(IReadOnlyList<LedgerCommand> commands)
    {
        var ledger = _server.Ledger;
        if (commands.Count > 1)
        {
            return Compare(_model.Batch(commands), await Observed.LedgerBatchAsync(() => ledger.ExecuteBatchAsync(commands)));
        }
        switch (commands[0])
        {
            case GrantCommand grant:
            {
                var (expected, lot) = _model.Grant(grant);
                var observed = await Observed.LedgerAsync(() => ledger.GrantAsync(grant));
                if (observed.Reply is GrantResult result && lot is not null)
                {
                    Bound(_model.BindLot(lot, result.LotId));
                }
                return Compare(expected, observed);
            }
            case ClawbackCommand clawback:
                return Compare(_model.Clawback(clawback), await Observed.LedgerAsync(() => ledger.ClawbackAsync(clawback)));
            case ReverseClawbackCommand reversal:
                return Compare(_model.ReverseClawback(reversal), await Observed.LedgerAsync(() => ledger.ReverseClawbackAsync(reversal)));
            case FreezeCommand freeze:
                return Compare(_model.Freeze(freeze), await Observed.LedgerAsync(() => ledger.FreezeAsync(freeze)));
            case UnfreezeCommand unfreeze:
                return Compare(_model.Unfreeze(unfreeze), await Observed.LedgerAsync(() => ledger.UnfreezeAsync(unfreeze)));
            case NoteCommand note:
                return Compare(_model.Note(note), await Observed.LedgerAsync(() => ledger.NoteAsync(note)));
            default:
                return await ExecuteCorrectionAsync(commands[0]);
        }
    }

    private async Task<string> SweepAsync()
    {
        var due = await _server.Sweeper.SweepOnceAsync();
        var expected = _model.Sweep(await ExpiredGiftCodeOrderAsync());
        if (due != expected)
        {
            Fail("the sweeper found a different number of accounts with something due", $"{expected} accounts",
                $"{due} accounts");
        }
        return $"swept {due} accounts";
    }

    private async Task<string> CheckBalanceAsync(ModelAccount account)
    {
        var balance = _model.BalanceOf(account);
        return Compare(Expected.Reply(() => balance), await Observed.CallAsync(() => _server.Client.GetBalanceAsync(account.Id)));
    }

    /// <summary>
    /// Reads the journal after <paramref name="after"/> and compares it entry by entry with the model's,
    /// learning the ids of lots the server created by itself from the entries that name them.
    /// </summary>
    private async Task<string> CheckJournalAsync(ModelAccount account, long after)
    {
        var actual = new List<JournalEntry>();
        await foreach (var entry in _server.Client.StreamHistoryAsync(account.Id, after))
        {
            actual.Add(entry);
        }
        var expected = account.Journal.Skip((int)after).ToList();
        for (var i = 0; i < Math.Max(actual.Count, expected.Count); i++)
        {
            if (i >= actual.Count)
            {
                Fail($"the journal of {account.Id} read after {after} ends early", expected[i].ToProto().ToString(), "(no entry)");
            }
            if (i >= expected.Count)
            {
                Fail($"the journal of {account.Id} read after {after} has an entry the model does not expect", "(no entry)",
                    actual[i].ToString());
            }
            var model = expected[i];
            if (model.Lot is { Id: null } lot)
            {
                Bound(_model.BindLot(lot, actual[i].LotId));
            }
            if (model.Hold is { Id: null } hold)
            {
                // A freeze's hold id appears only in its journal entry.
                Bound(_model.BindHold(hold, actual[i].HoldId));
            }
            for (var part = 0; part < Math.Min(model.Parts.Count, actual[i].Parts.Count); part++)
            {
                if (model.Parts[part].Lot.Id is null)
                {
                    Bound(_model.BindLot(model.Parts[part].Lot, actual[i].Parts[part].LotId));
                }
            }
            var wanted = model.ToProto();
            var previous = model.Sequence == 1 ? ModelChain.Genesis : account.ConfirmedHashes.GetValueOrDefault(model.Sequence - 1);
            // Every entry's hash is checked: from the genesis, or from the previous entry's confirmed hash.
            wanted.Hash = previous is null ? actual[i].Hash : ModelChain.Next(previous, account.Id, wanted);
            if (!wanted.Equals(actual[i]))
            {
                Fail($"entry {model.Sequence} of the journal of {account.Id} differs", wanted.ToString(), actual[i].ToString());
            }
            account.ConfirmedHashes[model.Sequence] = actual[i].Hash;
        }
        account.CheckedSequence = Math.Max(account.CheckedSequence, account.Journal.Count);
        return $"{actual.Count} entries";
    }

    private async Task FinalChecksAsync()
    {
        foreach (var account in _model.Accounts.OrderBy(account => account.Id, StringComparer.Ordinal).ToList())
        {
            await CheckJournalAsync(account, 0);
            await CheckBalanceAsync(account);
        }
        Remember($"final: {await SweepAsync()}");
        _model.Settle();
        foreach (var account in _model.Accounts.OrderBy(account => account.Id, StringComparer.Ordinal).ToList())
        {
            await CheckJournalAsync(account, account.CheckedSequence);
            await CheckBalanceAsync(account);
        }
        await CheckTransfersConserveAsync();
        await CheckGiftCodesConserveAsync();
        // The usage aggregates then cover the whole journal: the verifier replays every commit against them.
        await _server.Usage.FlushAsync();
        var behind = await _server.Usage.BehindAsync();
        if (behind > 0)
        {
            Fail("the usage projector folded every account's commits", "0 accounts behind", $"{behind} accounts behind");
        }
        var violations = await _server.Verifier.VerifyAsync();
        if (violations.Count > 0)
        {
            Fail("the ledger verifier reports violations", "(none)", string.Join(Environment.NewLine, violations));
        }
    }

    /// <summary>
    /// Conservation across accounts, read from the server's journals: every credit a transfer (or a
    /// lead claim) took from one account arrived in another, so their entries sum to zero.
    /// </summary>
    private async Task CheckTransfersConserveAsync()
    {
        long sent = 0, received = 0;
        foreach (var account in _model.Accounts.Where(account => account.Exists))
        {
            await foreach (var entry in _server.Client.StreamHistoryAsync(account.Id, 0))
            {
                sent -= entry.Kind == EntryKind.TransferOut ? entry.Amount : 0;
                received += entry.Kind == EntryKind.TransferIn ? entry.Amount : 0;
            }
        }
        if (sent != received)
        {
            Fail("transfers created or destroyed credits", $"{sent} received", $"{received} received");
        }
    }

    private string Compare(Expected expected, Observed observed)
    {
        var wanted = expected.Describe();
        if (!string.Equals(wanted, observed.Text, StringComparison.Ordinal))
        {
            Fail("the reply differs from the model's", wanted, observed.Text);
        }
        if (observed.Reason is { } reason)
        {
            Statistics.CountError(reason);
            return reason;
        }
        return "ok";
    }

    private void Bound(string? problem)
    {
        if (problem is not null)
        {
            Fail("the server named a lot or hold unexpectedly", "a new, well-formed id", problem);
        }
    }

    private void Remember(string line)
    {
        _recent.Enqueue(line.Length > 600 ? line[..600] + "..." : line);
        while (_recent.Count > RecentOperationsMax)
        {
            _recent.Dequeue();
        }
    }

    private void Fail(string what, string expected, string actual) => Assert.Fail(Report(what, expected, actual));

    private string Report(string what, string expected, string actual)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Audit failure ({AuditSettings.ReplayHint(_seed)}): {what}");
        report.AppendLine(CultureInfo.InvariantCulture, $"operation #{_index}: {_current?.ToString() ?? "(final checks)"}");
        report.AppendLine(CultureInfo.InvariantCulture, $"model clock: {ModelTime.Format(_model.NowMs)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"expected: {expected}");
        report.AppendLine(CultureInfo.InvariantCulture, $"actual:   {actual}");
        foreach (var account in OperationAccounts.Of(_current, _model))
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"model of {account.Id} (exists={account.Exists}, lead={account.LeadState}, claimed by {account.ClaimedBy ?? "-"}, owed={account.Owed}):");
            foreach (var lot in ModelBurnDownSafe(account.Lots))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  lot {lot}");
            }
            foreach (var hold in account.Holds.Where(hold => hold.State == ModelHoldState.Active))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  hold {hold}");
            }
            foreach (var clawback in account.Clawbacks.Where(clawback => !clawback.Reversed))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  {clawback}");
            }
            foreach (var entry in account.Journal.TakeLast(6))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  entry {entry.ToProto()}");
            }
        }
        report.AppendLine("recent operations:");
        foreach (var line in _recent)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {line}");
        }
        return report.ToString();
    }

    // A report must not fail on the very inconsistency it describes.
    private static IEnumerable<ModelLot> ModelBurnDownSafe(IEnumerable<ModelLot> lots)
    {
        try
        {
            return ModelBurnDown.Order(lots).ToList();
        }
        catch (InvalidOperationException)
        {
            return lots;
        }
    }
}
