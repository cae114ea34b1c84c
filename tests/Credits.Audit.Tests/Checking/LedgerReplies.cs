using System.Globalization;
using Credits.Ledger.Balances;
using Credits.Ledger.Commands;
using Credits.V1;

namespace Credits.Audit.Tests.Checking;

/// <summary>
/// The text form of the domain API's results, which the model's predictions and the ledger's
/// answers are compared in. Balances are shown as the proto <see cref="Balance"/>, as gRPC replies are.
/// </summary>
public static class LedgerReplies
{
    public static string Grant(string lotId, Balance balance) => $"ok grant lot_id={lotId} balance={balance}";

    public static string Clawback(long taken, long owed, Balance balance, bool alreadyApplied = false) =>
        $"ok claw-back taken={Number(taken)} owed={Number(owed)}{(alreadyApplied ? " already-applied" : "")} balance={balance}";

    public static string ReverseClawback(long returned, long debtCancelled, Balance balance) =>
        $"ok reversal returned={Number(returned)} debt_cancelled={Number(debtCancelled)} balance={balance}";

    public static string Freeze(long frozen, Balance balance) => $"ok freeze frozen={Number(frozen)} balance={balance}";

    public static string Unfreeze(long unfrozen, Balance balance) => $"ok unfreeze unfrozen={Number(unfrozen)} balance={balance}";

    public static string Note(long sequence, Balance balance) => $"ok note sequence={Number(sequence)} balance={balance}";

    public static string Adjust(long adjusted, string lotId, Balance balance) =>
        $"ok adjust adjusted={Number(adjusted)} lot_id={lotId} balance={balance}";

    public static string CreateGiftCodes(IReadOnlyList<(string CodeId, string Code, long Amount, long ExpiresAtMs)> codes, long escrowed,
        Balance balance) =>
        $"ok create-gift-codes codes=[{string.Join(", ", codes.Select(code => $"{code.CodeId} {code.Code} {Number(code.Amount)} {Model.ModelTime.Format(code.ExpiresAtMs)}"))}] " +
        $"escrowed={Number(escrowed)} balance={balance}";

    public static string RedeemGiftCode(string codeId, long redeemed, Balance balance) =>
        $"ok redeem-gift-code code_id={codeId} redeemed={Number(redeemed)} balance={balance}";

    public static string RevokeGiftCode(string codeId, long returned, Balance balance) =>
        $"ok revoke-gift-code code_id={codeId} returned={Number(returned)} balance={balance}";

    public static string BulkGift(long moved, int recipients, Balance balance) =>
        $"ok bulk-gift moved={Number(moved)} recipients={recipients.ToString(CultureInfo.InvariantCulture)} balance={balance}";

    public static string ImportLots(IEnumerable<string> outcomes) => $"ok import outcomes={string.Join(',', outcomes)}";

    public static string RefundCharge(long refunded, Balance balance) => $"ok refund refunded={Number(refunded)} balance={balance}";

    public static string ExtendHold(long expiresAtMs, Balance balance) =>
        $"ok extend-hold expires_at={Model.ModelTime.Format(expiresAtMs)} balance={balance}";

    /// <summary>The text form of a successful outcome the ledger returned.</summary>
    public static string Describe(CommandOutcome outcome) => outcome switch
    {
        CommandOutcome<GrantResult> { Result: { } grant } => Grant(grant.LotId, ToProto(grant.Balance)),
        CommandOutcome<ClawbackResult> { Result: { } clawback } =>
            Clawback(clawback.Taken, clawback.Owed, ToProto(clawback.Balance), clawback.AlreadyApplied),
        CommandOutcome<ReverseClawbackResult> { Result: { } reversal } =>
            ReverseClawback(reversal.Returned, reversal.DebtCancelled, ToProto(reversal.Balance)),
        CommandOutcome<FreezeResult> { Result: { } freeze } => Freeze(freeze.Frozen, ToProto(freeze.Balance)),
        CommandOutcome<UnfreezeResult> { Result: { } unfreeze } => Unfreeze(unfreeze.Unfrozen, ToProto(unfreeze.Balance)),
        CommandOutcome<NoteResult> { Result: { } note } => Note(note.Sequence, ToProto(note.Balance)),
        CommandOutcome<AdjustResult> { Result: { } adjust } => Adjust(adjust.Adjusted, adjust.LotId, ToProto(adjust.Balance)),
        CommandOutcome<CreateGiftCodesResult> { Result: { } created } => CreateGiftCodes(
            created.Codes.Select(code => (code.CodeId, code.Code, code.Amount, Model.ModelTime.ToMs(code.ExpiresAt))).ToList(), created.Escrowed,
            ToProto(created.IssuerBalance)),
        CommandOutcome<RedeemGiftCodeResult> { Result: { } redeemed } => RedeemGiftCode(redeemed.CodeId, redeemed.Redeemed, ToProto(redeemed.Balance)),
        CommandOutcome<RevokeGiftCodeResult> { Result: { } revoked } => RevokeGiftCode(revoked.CodeId, revoked.Returned, ToProto(revoked.IssuerBalance)),
        CommandOutcome<BulkGiftResult> { Result: { } bulk } => BulkGift(bulk.Moved, bulk.Recipients, ToProto(bulk.FromBalance)),
        CommandOutcome<ImportLotsResult> { Result: { } import } => ImportLots(import.Outcomes.Select(outcome => outcome switch
        {
            Credits.Ledger.Commands.ImportRowOutcome.Imported => "imported",
            Credits.Ledger.Commands.ImportRowOutcome.AlreadyImported => "already_imported",
            _ => "changed",
        })),
        CommandOutcome<RefundChargeResult> { Result: { } refund } => RefundCharge(refund.Refunded, ToProto(refund.Balance)),
        CommandOutcome<ExtendHoldResult> { Result: { } extend } =>
            ExtendHold(Model.ModelTime.ToMs(extend.ExpiresAt), ToProto(extend.Balance)),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "The audit sends no command with this result."),
    };

    /// <summary>A domain balance as the proto message (buckets matched by name, so a renumbering shows as a difference).</summary>
    public static Balance ToProto(BalanceView view)
    {
        var balance = new Balance
        {
            AccountId = view.AccountId,
            Available = view.Available,
            Held = view.Held,
            Owed = view.Owed,
            Frozen = view.Frozen,
            LastSequence = view.LastSequence,
        };
        if (view.NextExpiry is { } next)
        {
            balance.NextExpiry = new Expiry { Amount = next.Amount, ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(next.ExpiresAt) };
        }
        foreach (var bucket in view.Buckets)
        {
            balance.Buckets.Add(new Credits.V1.BucketBalance
            {
                Bucket = Enum.Parse<Bucket>(bucket.Bucket.ToString()),
                Available = bucket.Available,
                Held = bucket.Held,
            });
        }
        return balance;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
