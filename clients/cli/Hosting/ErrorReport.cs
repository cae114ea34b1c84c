using System.Text;
using Credits.Client.Errors;
using Grpc.Core;

namespace Credits.Cli.Hosting;

/// <summary>
/// Prints a failure as one line, <c>error: &lt;REASON&gt;: &lt;message&gt;</c>, on stderr. The reason is the
/// server's <c>ErrorInfo</c> reason; a failure without one (the server cannot be reached) shows its gRPC
/// status instead, in the same UPPER_SNAKE form.
/// </summary>
internal static class ErrorReport
{
    public static int Print(TextWriter error, CreditsException failure)
    {
        var reason = failure.Reason ?? UpperSnake(failure.StatusCode);
        var message = failure.RpcException?.Status.Detail is { Length: > 0 } detail ? detail : failure.Message;
        if (failure.Metadata.TryGetValue("field", out var field) && !message.Contains(field, StringComparison.Ordinal))
        {
            message = $"{field}: {message}";
        }
        error.WriteLine($"error: {reason}: {OneLine(message)}");
        return ExitCodes.For(failure.StatusCode);
    }

    public static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"error: USAGE: {OneLine(message)}");
        return ExitCodes.Usage;
    }

    /// <summary><c>InvalidArgument</c> → <c>INVALID_ARGUMENT</c>.</summary>
    public static string UpperSnake(StatusCode code)
    {
        var name = code.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }
            text.Append(char.ToUpperInvariant(name[i]));
        }
        return text.ToString();
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
