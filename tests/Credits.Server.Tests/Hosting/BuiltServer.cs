using System.Collections.Concurrent;
using System.Diagnostics;

namespace Credits.Server.Tests.Hosting;

/// <summary>The server's real build output, run as a process of its own, with what it prints kept.</summary>
internal sealed class BuiltServer : IDisposable
{
    private readonly Process _process;

    private BuiltServer(Process process) => _process = process;

    /// <summary>Lines the server printed on standard output so far.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public bool HasExited => _process.HasExited;

    /// <summary>The server's build output directory (with its runtimeconfig), for this test build's configuration.</summary>
    public static string Directory()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(RepositoryRoot(), "src", "Credits.Server", "bin", configuration, "net10.0");
    }

    /// <summary>The checkout the tests were built in (where Credits.Grpc.sln is).</summary>
    public static string RepositoryRoot() => Credits.Testing.Repository.Root;

    /// <summary>Starts <paramref name="dll"/> in <paramref name="workingDirectory"/>; <paramref name="environment"/> null runs it as in production.</summary>
    public static BuiltServer Start(string dll, string workingDirectory, string? environment, params IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var inherited in new[]
                 {
                     "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT",
                 })
        {
            start.Environment.Remove(inherited);
        }
        if (environment is not null)
        {
            start.Environment["DOTNET_ENVIRONMENT"] = environment;
            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        }
        var server = new BuiltServer(Process.Start(start)!);
        // Drained so that a chatty server never blocks on a full pipe.
        server._process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                server.Output.Enqueue(line.Data);
            }
        };
        server._process.ErrorDataReceived += (_, _) => { };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
