using System.Diagnostics;
using System.Globalization;
using Credits.Cli.Hosting;

namespace Credits.Cli.Output;

/// <summary>
/// The stderr side of a command that writes a stream row by row (export, report): a progress line
/// redrawn at most every <see cref="Interval"/>, only when stderr is a terminal, cleared at the end;
/// and, when the stream stopped midway, how many rows made it to the destination.
/// </summary>
internal sealed class StreamProgress(CliConsole console, string verb)
{
    // Redrawing the progress line more often than this only costs time.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly Stopwatch _sinceDrawn = Stopwatch.StartNew();

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Counts one row written, and redraws the line when it is due.</summary>
    public async Task RowWrittenAsync()
    {
        Rows++;
        if (console.ErrorIsTerminal && (Rows == 1 || _sinceDrawn.Elapsed >= Interval))
        {
            await console.Error.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"\r{verb}: {Rows} rows"));
            _sinceDrawn.Restart();
        }
    }

    /// <summary>Clears the line; when the stream did not complete, says how much of <paramref name="destination"/> is there (the error line follows).</summary>
    public async Task EndAsync(bool completed, bool cancelled, string destination)
    {
        if (console.ErrorIsTerminal)
        {
            // Clears the progress line, so the summary replaces it.
            await console.Error.WriteAsync("\r\u001b[K");
        }
        if (!completed && (Rows > 0 || cancelled))
        {
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"stopped after {Rows} rows written to {destination}"));
        }
    }
}
