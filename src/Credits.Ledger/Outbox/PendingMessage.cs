namespace Credits.Ledger.Outbox;

/// <summary>An outbox message waiting to be sent, with the result of the command that wrote it.</summary>
/// <param name="AccountId">The account the message is about (the row's leading key).</param>
/// <param name="MessageId">The message's id; senders make a repeat harmless with it (an email's Message-ID).</param>
/// <param name="Topic">What kind of message it is, for example <c>receipt.purchase</c>.</param>
/// <param name="PayloadJson">What the command that wrote it put in it.</param>
/// <param name="ResultJson">The command's result, stored beside it.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="Attempts">Attempts at sending it so far.</param>
/// <param name="LeaseUntilMs">
/// The lease this sender holds on it (<see cref="OutboxStore.ClaimDueAsync"/>, <see cref="OutboxStore.RenewLeaseAsync"/>):
/// its delivery state is written only while the row still carries it. Zero for a message not claimed.
/// </param>
public sealed record PendingMessage(
    string AccountId,
    string MessageId,
    string Topic,
    string PayloadJson,
    string ResultJson,
    DateTimeOffset CreatedAt,
    int Attempts,
    long LeaseUntilMs = 0);
