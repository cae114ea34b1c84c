using System.Globalization;
using System.Text;
using Grpc.Core;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// A failure the model predicts: the status code, the ErrorInfo reason and all of its metadata. The
/// same failure reached through the domain API is a ledger error whose kind is the reason in
/// PascalCase (INVALID_REQUEST is InvalidRequest), with the same metadata.
/// </summary>
public sealed record ExpectedError(StatusCode Code, string Reason, IReadOnlyDictionary<string, string> Metadata)
{
    public static ExpectedError Of(StatusCode code, string reason, params (string Key, string Value)[] metadata) =>
        new(code, reason, metadata.ToDictionary(item => item.Key, item => item.Value, StringComparer.Ordinal));

    /// <summary>The one text form both sides of a gRPC call are compared in.</summary>
    public static string Describe(StatusCode code, string? reason, IEnumerable<KeyValuePair<string, string>> metadata) =>
        $"error {code} {reason ?? "(no reason)"} {Describe(metadata)}";

    /// <summary>The one text form both sides of a domain call are compared in.</summary>
    public static string DescribeLedgerError(string kind, IEnumerable<KeyValuePair<string, string>> metadata) =>
        $"error {kind} {Describe(metadata)}";

    public string DescribeAsLedgerError() => DescribeLedgerError(KindName(Reason), Metadata);

    public override string ToString() => Describe(Code, Reason, Metadata);

    private static string Describe(IEnumerable<KeyValuePair<string, string>> metadata) =>
        $"{{{string.Join(", ", metadata.OrderBy(item => item.Key, StringComparer.Ordinal).Select(item => $"{item.Key}={item.Value}"))}}}";

    private static string KindName(string reason)
    {
        var name = new StringBuilder();
        foreach (var word in reason.Split('_'))
        {
            name.Append(word[..1]).Append(word[1..].ToLower(CultureInfo.InvariantCulture));
        }
        return name.ToString();
    }
}
