using Credits.Audit.Tests.Checking;
using Credits.Ledger.Commands;

namespace Credits.Audit.Tests.Workload;

/// <summary>The commands of the later issues, sent through the domain API: adjustments, refunds and hold extensions (gift codes in their own part).</summary>
public sealed partial class AuditRunner
{
    private async Task<string> ExecuteCorrectionAsync(LedgerCommand command)
    {
        var ledger = _server.Ledger;
        switch (command)
        {
            case AdjustCommand adjust:
            {
                var (expected, lot) = _model.Adjust(adjust);
                var observed = await Observed.LedgerAsync(() => ledger.AdjustAsync(adjust));
                if (observed.Reply is AdjustResult result && lot is not null)
                {
                    Bound(_model.BindLot(lot, result.LotId));
                }
                return Compare(expected, observed);
            }
            case RefundChargeCommand refund:
                return Compare(_model.RefundCharge(refund), await Observed.LedgerAsync(() => ledger.RefundChargeAsync(refund)));
            case ExtendHoldCommand extend:
                return Compare(_model.ExtendHold(extend), await Observed.LedgerAsync(() => ledger.ExtendHoldAsync(extend)));
            default:
                return await ExecuteGiftCodeAsync(command);
        }
    }
}
