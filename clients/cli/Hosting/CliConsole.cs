namespace Credits.Cli.Hosting;

/// <summary>
/// Where a run of the CLI reads its environment and writes its output. The real process uses the
/// console (<see cref="System"/>); tests pass writers and variables of their own and run commands in-process.
/// </summary>
/// <param name="Out">Results: tables, JSON, exported rows.</param>
/// <param name="Error">Errors, warnings, progress and summaries, so that stdout stays clean for pipes.</param>
/// <param name="ErrorIsTerminal">Whether <see cref="Error"/> is a terminal: only then does an export draw a progress line.</param>
/// <param name="Environment">Reads an environment variable (<c>CREDITS_URL</c>, <c>CREDITS_API_KEY</c>).</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, Func<string, string?> Environment)
{
    /// <summary>The process's console and environment.</summary>
    public static CliConsole System() =>
        new(Console.Out, Console.Error, !Console.IsErrorRedirected, global::System.Environment.GetEnvironmentVariable);
}
