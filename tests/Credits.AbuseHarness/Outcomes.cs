using System.Collections.Concurrent;
using Credits.Client.Errors;
using Grpc.Core;

namespace Credits.AbuseHarness;

/// <summary>Counts call outcomes by status and reason, such as <c>OK</c> or <c>ResourceExhausted RATE_LIMITED</c>.</summary>
internal sealed class Outcomes
{
    public const string Ok = "OK";

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public static string Of(RpcException error)
    {
        var translated = ErrorTranslator.Translate(error);
        var limit = translated.Metadata.TryGetValue("limit", out var which) ? $" {which}" : "";
        return $"{error.StatusCode} {translated.Reason ?? "-"}{limit}";
    }

    public void Add(string outcome) => _counts.AddOrUpdate(outcome, 1, (_, count) => count + 1);

    public int this[string outcome] => _counts.GetValueOrDefault(outcome);

    public int Total => _counts.Values.Sum();

    /// <summary>Outcomes other than <paramref name="expected"/>.</summary>
    public IEnumerable<string> Unexpected(params string[] expected) =>
        _counts.Where(pair => !expected.Contains(pair.Key)).Select(pair => $"{pair.Value} x {pair.Key}");

    /// <summary>Runs <paramref name="call"/> and counts how it ended; true when it succeeded.</summary>
    public async Task<bool> CountAsync(Func<Task> call)
    {
        try
        {
            await call();
            Add(Ok);
            return true;
        }
        catch (RpcException error)
        {
            Add(Of(error));
            return false;
        }
    }
}
