namespace Credits.Ledger.Commands;

/// <summary>
/// Moves <paramref name="Amount"/> available credits from one account to another: burned down at
/// the sender, arriving as <c>gift</c> lots that keep each source lot's expiry.
/// </summary>
/// <param name="Actor">The caller, written into both journal entries.</param>
/// <param name="FromAccountId">The sender: a <c>user:</c> or <c>org:</c> account.</param>
/// <param name="ToAccountId">The receiver: a <c>user:</c> or <c>org:</c> account other than the sender.</param>
/// <param name="Amount">Credits to move, 1 to 10^12.</param>
/// <param name="IdempotencyKey">Scoped by the sender; a retry returns the first answer.</param>
/// <param name="Note">Optional text for both sides' journals (256 characters at most).</param>
public sealed record TransferCommand(
    string Actor,
    string FromAccountId,
    string ToAccountId,
    long Amount,
    string IdempotencyKey,
    string Note = "") : LedgerCommand<TransferResult>(Actor);
