namespace Credits.Ledger.Outbox;

/// <summary>
/// A message to send once the command that carries it has committed (a receipt email, a webhook),
/// written in the same transaction as the change: if the change stands, the message is sent,
/// however long the recipient is down; if it does not, nothing is sent.
/// </summary>
/// <param name="Topic">What kind of message, for the sender that handles it (for example <c>receipt.purchase</c>).</param>
/// <param name="PayloadJson">The message's content as JSON; the command's result (with the balance after it) is stored beside it.</param>
public sealed record OutboxMessage(string Topic, string PayloadJson);
