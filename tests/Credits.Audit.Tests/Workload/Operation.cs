using System.Globalization;
using Credits.Ledger.Commands;
using Google.Protobuf;

namespace Credits.Audit.Tests.Workload;

/// <summary>
/// One step of the workload: a request to send (its type says which RPC), domain commands to apply
/// (one, or several in one batch), a clock advance, a journal read of <see cref="AccountId"/> after
/// <see cref="HistoryAfter"/>, or a sweep.
/// </summary>
public sealed record Operation(OperationKind Kind, IMessage? Request = null, long AdvanceMs = 0, string? AccountId = null, long HistoryAfter = 0,
    IReadOnlyList<LedgerCommand>? Commands = null)
{
    public override string ToString() => Kind switch
    {
        OperationKind.AdvanceClock => $"{Kind} +{AdvanceMs.ToString(CultureInfo.InvariantCulture)} ms",
        OperationKind.History => $"{Kind} {AccountId} after {HistoryAfter.ToString(CultureInfo.InvariantCulture)}",
        OperationKind.Sweep => $"{Kind}",
        _ when Commands is not null => $"{Kind} {string.Join(" + ", Commands.Select(CommandText.Describe))}",
        _ => $"{Kind} {Request}",
    };
}
