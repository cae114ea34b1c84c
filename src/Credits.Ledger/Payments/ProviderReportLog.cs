using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Payments;

// Log lines shared by everything that applies a provider's reports.
internal static partial class ProviderReportLog
{
    // A report without usable ids is acknowledged and ignored: retrying it would not make it usable.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a {Kind} report ({Id}) with {Problem}")]
    public static partial void LogUnusableReport(this ILogger logger, string kind, string? id, string problem);
}
