using Credits.Audit.Tests.Model;
using Credits.Client.Errors;
using Google.Protobuf;

namespace Credits.Audit.Tests.Checking;

/// <summary>What the server answered to one call, in the same text form as <see cref="Expected.Describe"/>.</summary>
public sealed record Observed(IMessage? Reply, string? Reason, string Text)
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
}
