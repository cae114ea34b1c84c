using System.CommandLine;

namespace Credits.Cli.Hosting;

/// <summary>The options every command takes: where the server is, the key, and the output form.</summary>
internal sealed class GlobalOptions
{
    public const string UrlVariable = "CREDITS_URL";
    public const string ApiKeyVariable = "CREDITS_API_KEY";

    /// <summary>Where a server started with <c>dotnet run</c> listens.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"The server's address; default ${UrlVariable}, else {DefaultUrl}.",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"The API key; default ${ApiKeyVariable}.",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON (one object, or one per line for streams) instead of tables.",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Url);
        root.Options.Add(ApiKey);
        root.Options.Add(Json);
    }
}
