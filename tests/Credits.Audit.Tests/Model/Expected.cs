using Google.Protobuf;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// What the model predicts for one call: a reply (built when compared, so that ids the reply itself
/// reveals are filled in) or an error.
/// </summary>
public sealed class Expected
{
    private readonly Func<IMessage>? _reply;

    private Expected(Func<IMessage>? reply, ExpectedError? error)
    {
        _reply = reply;
        Error = error;
    }

    public ExpectedError? Error { get; }

    public bool Succeeds => Error is null;

    public static Expected Reply(Func<IMessage> reply) => new(reply, null);

    public static Expected Fail(ExpectedError error) => new(null, error);

    public string Describe() => _reply is not null ? $"ok {_reply()}" : Error!.ToString();
}
