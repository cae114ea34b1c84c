using Credits.Audit.Tests.Model;
using Credits.Client.Errors;
using Credits.Ledger.Commands;
using Credits.Ledger.Errors;
using Google.Protobuf;

namespace Credits.Audit.Tests.Checking;

/// <summary>
/// What the server answered to one call, in the same text form as <see cref="Expected.Describe"/>:
/// a gRPC reply or status, or a domain result or ledger error.
/// </summary>
public sealed record Observed(object? Reply, string? Reason, string Text)
{
    public static async Task<Observed> CallAsync<T>(Func<Task<T>> call)
        where T : IMessage
    {
        try
        {
            var reply = await call();
            return new Observed(reply, null, $"ok {reply}");
        }
        catch (CreditsException error)
        {
            return new Observed(null, error.Reason ?? error.StatusCode.ToString(),
                ExpectedError.Describe(error.StatusCode, error.Reason, error.Metadata));
        }
    }

    public static async Task<Observed> LedgerAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            var result = await call();
            return new Observed(result, null, LedgerReplies.Describe(new CommandOutcome<T>(result, null)));
        }
        catch (LedgerException error)
        {
            return Failed(error);
        }
    }

    /// <summary>The outcomes of one batch, each a result or an error, in order.</summary>
    public static async Task<Observed> LedgerBatchAsync(Func<Task<IReadOnlyList<CommandOutcome>>> call)
    {
        var outcomes = await call();
        var texts = outcomes.Select(outcome => outcome.Error is { } error ? Failed(error.ToException()).Text : LedgerReplies.Describe(outcome));
        var reason = outcomes.Select(outcome => outcome.Error?.Kind.ToString()).FirstOrDefault(kind => kind is not null);
        return new Observed(outcomes, reason, string.Join(" | ", texts));
    }

    private static Observed Failed(LedgerException error) =>
        new(null, error.Kind.ToString(), ExpectedError.DescribeLedgerError(error.Kind.ToString(), error.Metadata));
}
