using Microsoft.Extensions.Logging;

namespace Credits.AspNetCore;

/// <summary>The structured log records of priced requests: one per decision, with the operation, account and hold as fields.</summary>
internal static partial class CreditsLog
{
    [LoggerMessage(1, LogLevel.Debug, "Reserved {Held} credits for {Operation} on {AccountId} (hold {HoldId})")]
    public static partial void Reserved(ILogger logger, string operation, string accountId, string holdId, long held);

    [LoggerMessage(2, LogLevel.Information, "Committed {Committed} credits for {Operation} on {AccountId} (hold {HoldId})")]
    public static partial void Committed(ILogger logger, string operation, string accountId, string holdId, long committed);

    [LoggerMessage(3, LogLevel.Information, "Released hold {HoldId} of {Operation} on {AccountId}: {Why}")]
    public static partial void Released(ILogger logger, string operation, string accountId, string holdId, string why);

    [LoggerMessage(4, LogLevel.Information, "Refused {Operation} on {AccountId}: {Price} needs {Required} credits, {Available} available")]
    public static partial void Insufficient(ILogger logger, string operation, string accountId, RequireCreditsAttribute price, long? available, long? required);

    [LoggerMessage(5, LogLevel.Warning, "The ledger is unavailable; {Operation} for {AccountId} runs uncharged ({Price}) because FailOpen is on")]
    public static partial void FailedOpen(ILogger logger, Exception exception, string operation, string accountId, RequireCreditsAttribute price);

    [LoggerMessage(6, LogLevel.Warning, "The ledger is unavailable; {Operation} for {AccountId} refused with 503")]
    public static partial void Unavailable(ILogger logger, Exception exception, string operation, string accountId);

    [LoggerMessage(7, LogLevel.Error, "Settling hold {HoldId} of {Operation} on {AccountId} failed (succeeded: {Succeeded}); the hold releases itself at its TTL")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string operation, string accountId, string holdId, bool succeeded);

    [LoggerMessage(8, LogLevel.Information, "Refused {Operation} on {AccountId}: its idempotency key was used for another request")]
    public static partial void KeyReused(ILogger logger, string operation, string accountId);

    [LoggerMessage(10, LogLevel.Information, "Refused {Operation} on {AccountId}: a request with its idempotency key is still running")]
    public static partial void KeyInFlight(ILogger logger, string operation, string accountId);

    [LoggerMessage(9, LogLevel.Information, "Refused {Operation} on {AccountId}: its idempotency key belongs to a finished request (hold {HoldId})")]
    public static partial void KeySettled(ILogger logger, string operation, string accountId, string holdId);
}
