using Credits.Ledger.Data.Rows;

namespace Credits.Ledger.Payments;

/// <summary>
/// Folds what an event says into what is known, so that the result does not depend on the order
/// events arrive in: statuses only move up their precedence, and what was learned first (the pack
/// as it was sold, the money paid) is kept.
/// </summary>
internal static class PaymentFacts
{
    public static PaymentRow NewPayment(CheckoutNotice notice, long nowMs)
    {
        var row = new PaymentRow
        {
            PaymentId = notice.PaymentId,
            AccountId = notice.AccountId,
            SessionId = notice.SessionId,
            PackId = notice.PackId,
            AmountTotal = Math.Max(0, notice.AmountTotal),
            Currency = notice.Currency,
            Email = notice.Email,
            Status = (int)notice.Status,
            CreatedAtMs = nowMs,
            UpdatedAtMs = nowMs,
        };
        TakePack(row, notice.Pack);
        return row;
    }

    /// <summary>Merges a later checkout event; returns whether anything changed.</summary>
    public static bool Merge(PaymentRow row, CheckoutNotice notice, long nowMs)
    {
        var changed = false;
        if ((int)notice.Status > row.Status)
        {
            row.Status = (int)notice.Status;
            changed = true;
        }
        // A pack the catalogue did not know when the checkout was first seen (removed, or a
        // configuration mistake) is taken from a later event once the catalogue knows it again.
        if (row.Credits == 0 && row.PurchaseLotId is null && notice.Pack is not null)
        {
            TakePack(row, notice.Pack);
            changed = true;
        }
        if (row.Email is null && notice.Email is not null)
        {
            row.Email = notice.Email;
            changed = true;
        }
        if (changed)
        {
            row.UpdatedAtMs = nowMs;
        }
        return changed;
    }

    public static PaymentRefundRow NewRefund(RefundNotice notice, long nowMs) => new()
    {
        PaymentId = notice.PaymentId,
        RefundId = notice.RefundId,
        Amount = Math.Max(0, notice.Amount),
        Status = (int)notice.Status,
        State = (int)RefundState.Waiting,
        CreatedAtMs = notice.CreatedAt.ToUnixTimeMilliseconds(),
        UpdatedAtMs = nowMs,
    };

    /// <summary>A refund's status only moves up (pending, succeeded, then failed or canceled).</summary>
    public static bool Merge(PaymentRefundRow row, RefundNotice notice, long nowMs)
    {
        if ((int)notice.Status <= row.Status)
        {
            return false;
        }
        row.Status = (int)notice.Status;
        row.UpdatedAtMs = nowMs;
        return true;
    }

    public static PaymentDisputeRow NewDispute(DisputeNotice notice, long nowMs) => new()
    {
        PaymentId = notice.PaymentId,
        DisputeId = notice.DisputeId,
        Amount = Math.Max(0, notice.Amount),
        Status = (int)notice.Status,
        State = (int)DisputeState.Waiting,
        CreatedAtMs = notice.CreatedAt.ToUnixTimeMilliseconds(),
        UpdatedAtMs = nowMs,
    };

    /// <summary>The first final status (won or lost) a dispute is known to have is the one that stands.</summary>
    public static bool Merge(PaymentDisputeRow row, DisputeNotice notice, long nowMs)
    {
        if (row.Status != (int)DisputeStatus.Open || notice.Status == DisputeStatus.Open)
        {
            return false;
        }
        row.Status = (int)notice.Status;
        row.UpdatedAtMs = nowMs;
        return true;
    }

    private static void TakePack(PaymentRow row, CreditPack? pack)
    {
        if (pack is null)
        {
            return;
        }
        row.PackName = pack.Name;
        row.Credits = pack.Credits;
        row.BonusCredits = pack.BonusCredits;
        row.ValidityMonths = pack.ValidityMonths;
    }
}
