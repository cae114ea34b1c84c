using Credits.Ledger.Balances;

namespace Credits.Ledger.Commands;

/// <summary>One recipient of a bulk gift and the credits it gets.</summary>
/// <param name="AccountId">A <c>user:</c> or <c>org:</c> account other than the sender, named once per gift.</param>
/// <param name="Amount">Credits to give it, 1 to 10^12.</param>
public sealed record BulkGiftRecipient(string AccountId, long Amount);

/// <summary>
/// Gifts credits from one account to many in one transaction, all or nothing: every account is
/// locked in the engine's order, each recipient gets what a Transfer would give it, and the
/// sender's daily transfer limit applies to the total.
/// </summary>
/// <param name="Actor">The caller, written into every journal entry.</param>
/// <param name="FromAccountId">The sender: a <c>user:</c> or <c>org:</c> account.</param>
/// <param name="Recipients">1 to <see cref="Transfers.BulkGiftRule.RecipientsMax"/> recipients, each named once.</param>
/// <param name="IdempotencyKey">Scoped by the sender; a retry returns the first answer.</param>
/// <param name="Note">Optional text for every journal entry (256 characters at most).</param>
public sealed record BulkGiftCommand(
    string Actor,
    string FromAccountId,
    IReadOnlyList<BulkGiftRecipient> Recipients,
    string IdempotencyKey,
    string Note = "") : LedgerCommand<BulkGiftResult>(Actor);

/// <summary>What a bulk gift moved: the total, the number of recipients and the sender's balance after it.</summary>
public sealed record BulkGiftResult(long Moved, int Recipients, BalanceView FromBalance);
