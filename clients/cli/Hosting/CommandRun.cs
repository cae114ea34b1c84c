using System.CommandLine;
using Credits.Client;
using Credits.Client.Errors;
using Grpc.Core;

namespace Credits.Cli.Hosting;

/// <summary>
/// What one command's action gets: its parse result, the console, a connected client and the output
/// form. <see cref="Action"/> wraps every command so that connection settings, failures and Ctrl-C are
/// handled the same way everywhere.
/// </summary>
internal sealed class CommandRun(ParseResult parse, CliConsole console, CreditsClient client, bool json)
{
    public ParseResult Parse { get; } = parse;

    public CliConsole Console { get; } = console;

    public CreditsClient Client { get; } = client;

    public bool Json { get; } = json;

    public TextWriter Out => Console.Out;

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>
    /// The action of a command: resolves the server and key (flags, then environment), runs
    /// <paramref name="body"/>, and turns failures into one error line and an exit code.
    /// </summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(GlobalOptions options, CliConsole console,
        Func<CommandRun, CancellationToken, Task<int>> body) => async (parse, cancellationToken) =>
    {
        var url = parse.GetValue(options.Url) ?? console.Environment(GlobalOptions.UrlVariable) ?? GlobalOptions.DefaultUrl;
        var apiKey = parse.GetValue(options.ApiKey) ?? console.Environment(GlobalOptions.ApiKeyVariable);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            return ErrorReport.Usage(console.Error, $"'{url}' is not an http:// or https:// address (--url or ${GlobalOptions.UrlVariable}).");
        }
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return ErrorReport.Usage(console.Error, $"no API key: pass --api-key or set ${GlobalOptions.ApiKeyVariable}.");
        }
        CreditsClient client;
        try
        {
            client = CreditsClient.Create(address, apiKey);
        }
        catch (ArgumentException)
        {
            return ErrorReport.Usage(console.Error, "the API key must be printable ASCII without spaces.");
        }
        using (client)
        {
            try
            {
                return await body(new CommandRun(parse, console, client, parse.GetValue(options.Json)), cancellationToken);
            }
            catch (CreditsException failure) when (!cancellationToken.IsCancellationRequested)
            {
                return ErrorReport.Print(console.Error, failure);
            }
            catch (RpcException failure) when (!cancellationToken.IsCancellationRequested)
            {
                // AdminService calls go through the generated client, which raises these untranslated.
                return ErrorReport.Print(console.Error, ErrorTranslator.Translate(failure));
            }
            catch (Exception failure) when (cancellationToken.IsCancellationRequested
                                            && failure is OperationCanceledException or CreditsException or RpcException)
            {
                console.Error.WriteLine("error: CANCELLED: interrupted");
                return ExitCodes.Interrupted;
            }
        }
    };
}
