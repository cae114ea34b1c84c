using Credits.Server.Auth;

namespace Credits.Server.Cli;

/// <summary>
/// <c>Credits.Server keys mint --name NAME --scopes ledger:read,ledger:write</c>: prints a new key,
/// its hash, and the configuration that makes a server accept it. Nothing is stored anywhere.
/// </summary>
internal static class KeysCommand
{
    private const int ExitOk = 0;
    private const int ExitUsage = 2;

    private const string Usage = """
        Usage: Credits.Server keys mint --name NAME --scopes SCOPE[,SCOPE...]

          --name     the calling service, written into the journal as the actor: 1 to 64 of [A-Za-z0-9._-]
          --scopes   comma-separated: ledger:read, ledger:write, admin
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            output.WriteLine(Usage);
            return ExitOk;
        }
        if (args.Count == 0 || args[0] != "mint")
        {
            error.WriteLine(Usage);
            return ExitUsage;
        }
        string? name = null;
        string? scopeList = null;
        for (var i = 1; i < args.Count; i++)
        {
            var (option, value) = SplitOption(args, ref i);
            switch (option)
            {
                case "--name":
                    name = value;
                    break;
                case "--scopes":
                    scopeList = value;
                    break;
                default:
                    error.WriteLine($"Unknown option '{option}'.");
                    error.WriteLine(Usage);
                    return ExitUsage;
            }
        }
        if (ApiKeyOptionsValidator.NameProblem(name) is { } nameProblem)
        {
            error.WriteLine($"--name {nameProblem}");
            return ExitUsage;
        }
        var scopes = (scopeList ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || scopes.Any(scope => !Scopes.All.Contains(scope)))
        {
            error.WriteLine($"--scopes must list one or more of {string.Join(", ", Scopes.All)}.");
            return ExitUsage;
        }

        var minted = KeyMinter.Mint();
        output.WriteLine($"API key for {name} (shown only this once; hand it to the service as 'authorization: Bearer <key>'):");
        output.WriteLine($"  {minted.Key}");
        output.WriteLine();
        output.WriteLine("SHA-256 (all the server stores):");
        output.WriteLine($"  {minted.Sha256}");
        output.WriteLine();
        output.WriteLine("appsettings.json (add the entry to Auth:ApiKeys):");
        output.WriteLine(KeyMinter.ConfigurationJson(name!, minted.Sha256, scopes));
        output.WriteLine();
        output.WriteLine("Or environment variables (use the next free index instead of 0 when keys exist already):");
        foreach (var line in KeyMinter.EnvironmentVariables(name!, minted.Sha256, scopes))
        {
            output.WriteLine(line);
        }
        return ExitOk;
    }

    // Accepts both "--name value" and "--name=value".
    private static (string Option, string? Value) SplitOption(IReadOnlyList<string> args, ref int i)
    {
        var arg = args[i];
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            return (arg[..equals], arg[(equals + 1)..]);
        }
        if (i + 1 < args.Count)
        {
            i++;
            return (arg, args[i]);
        }
        return (arg, null);
    }
}
