namespace Credits.Ledger.Outbox;

/// <summary>An outbox message waiting to be sent, with the result of the command that wrote it.</summary>
public sealed record PendingMessage(
    string AccountId,
    string MessageId,
    string Topic,
    string PayloadJson,
    string ResultJson,
    DateTimeOffset CreatedAt,
    int Attempts);
