using System.Diagnostics;
using System.Globalization;
using Credits.Cli.Hosting;

namespace Credits.Cli.Importing;

/// <summary>
/// A progress bar on stderr while rows are checked or imported, redrawn at most every 200 ms and only
/// when stderr is a terminal (a pipe or log gets the summary alone); cleared when the work ends.
/// </summary>
internal sealed class ImportProgress(CliConsole console, string verb, int total)
{
    private const int Width = 30;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly Stopwatch _sinceDrawn = Stopwatch.StartNew();
    private int _done;

    public async Task AdvanceAsync(int rows)
    {
        _done += rows;
        if (console.ErrorIsTerminal && (_sinceDrawn.Elapsed >= Interval || _done == total))
        {
            var filled = total == 0 ? Width : (int)((long)_done * Width / total);
            await console.Error.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"\r{verb} [{new string('#', filled)}{new string('.', Width - filled)}] {_done:N0} / {total:N0} rows"));
            _sinceDrawn.Restart();
        }
    }

    public async Task EndAsync()
    {
        if (console.ErrorIsTerminal)
        {
            await console.Error.WriteAsync("\r\u001b[K");
        }
    }
}
