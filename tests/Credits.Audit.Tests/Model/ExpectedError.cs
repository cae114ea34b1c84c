using Grpc.Core;

namespace Credits.Audit.Tests.Model;

/// <summary>A failure the model predicts: the status code, the ErrorInfo reason and all of its metadata.</summary>
public sealed record ExpectedError(StatusCode Code, string Reason, IReadOnlyDictionary<string, string> Metadata)
{
    public static ExpectedError Of(StatusCode code, string reason, params (string Key, string Value)[] metadata) =>
        new(code, reason, metadata.ToDictionary(item => item.Key, item => item.Value, StringComparer.Ordinal));

    /// <summary>The one text form both sides are compared in.</summary>
    public static string Describe(StatusCode code, string? reason, IEnumerable<KeyValuePair<string, string>> metadata) =>
        $"error {code} {reason ?? "(no reason)"} {{{string.Join(", ", metadata.OrderBy(item => item.Key, StringComparer.Ordinal).Select(item => $"{item.Key}={item.Value}"))}}}";

    public override string ToString() => Describe(Code, Reason, Metadata);
}
