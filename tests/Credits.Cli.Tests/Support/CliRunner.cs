using Credits.Cli.Hosting;

namespace Credits.Cli.Tests.Support;

/// <summary>Runs the CLI in-process with captured output and an environment of the test's choosing.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null,
        bool errorIsTerminal = false, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, errorIsTerminal, name => environment?.GetValueOrDefault(name));
        var exitCode = await CliApp.RunAsync(args, console, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
