using System.Diagnostics;
using System.Globalization;
using System.Text;
using MimeKit;

namespace Credits.Receipts.Tests.Support;

/// <summary>A mail the capture server accepted: the SMTP envelope's recipients and the message as sent.</summary>
public sealed record CapturedMail(string File, string EnvelopeTo, MimeMessage Message);

/// <summary>
/// A real SMTP server on 127.0.0.1: smtp/capture_smtp.py on Debian's python3-aiosmtpd, writing
/// each accepted message to a temporary directory. It can be stopped and started again on the same
/// port, to play a mail server that is down. Failing to start it is a test failure that says what to
/// install, never a skip.
/// </summary>
public sealed class SmtpCapture : IAsyncDisposable
{
    /// <summary>Overrides the Python interpreter (default /usr/bin/python3, Debian's, where python3-aiosmtpd installs).</summary>
    public const string PythonVariable = "RECEIPTS_TEST_PYTHON";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    private readonly string? _auth;
    private Process? _process;
    private readonly StringBuilder _stderr = new();

    private SmtpCapture(string? auth)
    {
        _auth = auth;
        Directory = System.IO.Directory.CreateTempSubdirectory("receipts-smtp-").FullName;
    }

    /// <summary>Where accepted messages are written, one .eml each.</summary>
    public string Directory { get; }

    /// <summary>The port it listens on (kept across a stop and a start).</summary>
    public int Port { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a capture server on a free port; <paramref name="auth"/> (USER:PASSWORD) makes AUTH required.</summary>
    public static async Task<SmtpCapture> StartAsync(string? auth = null)
    {
        var capture = new SmtpCapture(auth);
        try
        {
            await capture.StartAsync();
            return capture;
        }
        catch
        {
            await capture.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again, on the same port once it has one).</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }
        if (Port != 0)
        {
            await StartOnPortAsync();
            return;
        }
        // A port below the kernel's ephemeral range: while the server is stopped, no outgoing
        // connection (to PostgreSQL, say) can be given it, so a restart gets it back.
        for (var attempt = 1; ; attempt++)
        {
            Port = PickPort();
            try
            {
                await StartOnPortAsync();
                return;
            }
            catch (PortInUseException) when (attempt < 10)
            {
            }
            catch
            {
                Port = 0;
                throw;
            }
        }
    }

    private async Task StartOnPortAsync()
    {
        var python = Python();
        var script = Path.Combine(AppContext.BaseDirectory, "smtp", "capture_smtp.py");
        var start = new ProcessStartInfo(python)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { script, "--dir", Directory, "--host", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        if (_auth is not null)
        {
            start.ArgumentList.Add("--auth");
            start.ArgumentList.Add(_auth);
        }
        lock (_stderr)
        {
            _stderr.Clear();
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException(Hint($"could not run {python}: {error.Message}"), error);
        }
        _process = process;
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(line.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        string? ready;
        try
        {
            ready = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ready = null;
        }
        if (ready is null || !ready.StartsWith("READY ", StringComparison.Ordinal))
        {
            await StopAsync();
            string stderr;
            lock (_stderr)
            {
                stderr = _stderr.ToString().Trim();
            }
            if (stderr.Contains("already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new PortInUseException();
            }
            var what = ready is null && !timeout.IsCancellationRequested
                ? "exited before it listened"
                : $"did not report READY within {StartTimeout.TotalSeconds:0} s (said: '{ready}')";
            throw new InvalidOperationException(Hint($"{python} {script} {what}; stderr: {stderr}"));
        }
    }

    /// <summary>Stops the server: the port refuses connections until <see cref="StartAsync()"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }
        _process = null;
        try
        {
            // Closing its standard input is the polite stop; kill it if that takes too long. Waiting
            // for the exit also drains what it wrote to stderr.
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It has exited already.
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Waits (bounded) until a "stall-" recipient's first RCPT is being held unanswered; false if none was.</summary>
    public async Task<bool> WaitForStallAsync(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (System.IO.Directory.GetFiles(Directory, "*.stalled").Length == 0)
        {
            if (stopwatch.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(PollEvery);
        }
        return true;
    }

    /// <summary>Answers every held RCPT, now and from now on.</summary>
    public void ReleaseStalls() => File.WriteAllText(Path.Combine(Directory, "release"), "");

    /// <summary>Every mail accepted so far, oldest first.</summary>
    public IReadOnlyList<CapturedMail> Mails()
    {
        var mails = new List<CapturedMail>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.eml").Order(StringComparer.Ordinal))
        {
            var message = MimeMessage.Load(file);
            mails.Add(new CapturedMail(file, message.Headers["X-Envelope-To"] ?? "", message));
        }
        return mails;
    }

    /// <summary>The mails whose envelope names <paramref name="address"/>.</summary>
    public IReadOnlyList<CapturedMail> MailsTo(string address) =>
        Mails().Where(mail => mail.EnvelopeTo.Split(',', StringSplitOptions.TrimEntries).Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Waits (bounded) until at least <paramref name="count"/> mails to <paramref name="address"/> have arrived.</summary>
    public async Task<IReadOnlyList<CapturedMail>> WaitForMailsToAsync(string address, int count, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var mails = MailsTo(address);
            if (mails.Count >= count || stopwatch.Elapsed > timeout)
            {
                return mails;
            }
            await Task.Delay(PollEvery);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private static int PickPort()
    {
        var ephemeralLow = 32768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            ephemeralLow = int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux: keep the usual default.
        }
        var low = Math.Min(20000, ephemeralLow / 2);
        return Random.Shared.Next(low, ephemeralLow);
    }

    private sealed class PortInUseException : Exception;

    private static string Python()
    {
        var configured = Environment.GetEnvironmentVariable(PythonVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        return File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    }

    private static string Hint(string problem) =>
        $"The test SMTP server could not be started: {problem}. It needs Python 3 with aiosmtpd: on Debian, " +
        $"`apt-get install -y python3-aiosmtpd` (then /usr/bin/python3 has it), or set {PythonVariable} to a python3 that can import aiosmtpd.";
}
