using System.Globalization;
using Credits.Audit.Tests.Model;
using Credits.Ledger.Commands;

namespace Credits.Audit.Tests.Workload;

/// <summary>Domain commands as one line of a failure report (a record's own text shows neither metadata nor times readably).</summary>
public static class CommandText
{
    public static string Describe(LedgerCommand command) => command switch
    {
        GrantCommand grant => $"grant {grant.AccountId} {Number(grant.Amount)} {grant.Bucket} p={(grant.Priority is { } priority ? Number(priority) : "-")} " +
            $"exp={Time(grant.ExpiresAt)} rollover={(grant.Rollover is { } rollover ? $"{Number(rollover.Cap)} until {Time(rollover.ExpiresAt)}" : "-")} " +
            $"ref={grant.Reference} key={grant.IdempotencyKey}{Metadata(grant.Metadata)}",
        ClawbackCommand clawback => $"claw-back {clawback.AccountId} {Number(clawback.Amount)} lot={clawback.LotId ?? "-"} " +
            $"ref={clawback.Reference} key={clawback.IdempotencyKey}{Metadata(clawback.Metadata)}",
        ReverseClawbackCommand reversal => $"reverse {reversal.AccountId} ref={reversal.Reference} key={reversal.IdempotencyKey}",
        FreezeCommand freeze => $"freeze {freeze.AccountId} lot={freeze.LotId} ref={freeze.Reference} key={freeze.IdempotencyKey}",
        UnfreezeCommand unfreeze => $"unfreeze {unfreeze.AccountId} ref={unfreeze.Reference} key={unfreeze.IdempotencyKey}",
        NoteCommand note => $"note {note.AccountId} ref={note.Reference} key={note.IdempotencyKey}{Metadata(note.Metadata)}",
        AdjustCommand adjust => $"adjust {adjust.AccountId} {Number(adjust.Amount)} reason={adjust.Reason} key={adjust.IdempotencyKey}",
        CreateGiftCodesCommand create => $"create-gift-codes {create.IssuerAccountId} {Number(create.Amount)} x{create.Count} exp={Time(create.ExpiresAt)} key={create.IdempotencyKey}",
        RedeemGiftCodeCommand redeem => $"redeem-gift-code {redeem.Code} into {redeem.AccountId} key={redeem.IdempotencyKey}",
        RevokeGiftCodeCommand revoke => $"revoke-gift-code {revoke.CodeId} of {revoke.IssuerAccountId} key={revoke.IdempotencyKey}",
        ImportLotsCommand import => $"import {string.Join(", ", import.Rows.Select(row => $"{row.AccountId}/{row.SourceId}={Number(row.Credits)} {row.Kind}"))}",
        BulkGiftCommand bulk => $"bulk-gift {bulk.FromAccountId} to {string.Join(", ", bulk.Recipients.Select(recipient => $"{recipient.AccountId}={Number(recipient.Amount)}"))} key={bulk.IdempotencyKey}",
        RefundChargeCommand refund => $"refund {refund.HoldId} {(refund.Amount is { } amount ? Number(amount) : "all")} reason={refund.Reason} key={refund.IdempotencyKey}",
        ExtendHoldCommand extend => $"extend-hold {extend.HoldId} ttl={extend.Ttl:c}",
        _ => command.ToString(),
    };

    private static string Time(DateTimeOffset? time) => time is { } value ? ModelTime.Format(ModelTime.ToMs(value)) : "never";

    private static string Metadata(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Count == 0 ? "" : $" metadata={{{string.Join(", ", metadata.OrderBy(item => item.Key, StringComparer.Ordinal).Select(item => $"{item.Key}={item.Value}"))}}}";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
