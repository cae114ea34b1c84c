using Google.Protobuf;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// What the model predicts for one call, in the text form its answer is compared in: a reply (built
/// when compared, so that ids the reply itself reveals are filled in) or an error, in the form of the
/// channel the call goes through (a gRPC status or a ledger error).
/// </summary>
public sealed class Expected
{
    private readonly Func<string> _describe;

    private Expected(Func<string> describe) => _describe = describe;

    /// <summary>A gRPC reply.</summary>
    public static Expected Reply(Func<IMessage> reply) => new(() => $"ok {reply()}");

    /// <summary>A reply already in its text form (a replayed one, or a ledger result; see <see cref="Checking.LedgerReplies"/>).</summary>
    public static Expected Text(Func<string> reply) => new(reply);

    public static Expected Fail(ExpectedError error, ModelChannel channel) =>
        new(channel == ModelChannel.Grpc ? error.ToString : error.DescribeAsLedgerError);

    /// <summary>Several outcomes of one batch, in order.</summary>
    public static Expected All(IReadOnlyList<Expected> outcomes) =>
        new(() => string.Join(" | ", outcomes.Select(outcome => outcome.Describe())));

    public string Describe() => _describe();
}
