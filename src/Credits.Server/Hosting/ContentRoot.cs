using Microsoft.Data.Sqlite;

namespace Credits.Server.Hosting;

/// <summary>
/// Where the server's files are: its own directory, not wherever it was started from. With the
/// working directory as content root (ASP.NET Core's default) a published server started from
/// elsewhere found no appsettings.json and ran silently without its keys, prices and database
/// settings, on a fresh SQLite file beside the caller.
/// </summary>
internal static class ContentRoot
{
    private static readonly string[] EnvironmentVariables = ["ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT"];

    /// <summary>
    /// The app's directory, or null when the operator chose one (<c>--contentRoot</c>,
    /// <c>ASPNETCORE_CONTENTROOT</c>), which ASP.NET Core then applies as usual.
    /// </summary>
    public static string? For(string[] args)
    {
        var chosen = args.Any(arg => arg.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || EnvironmentVariables.Any(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)));
        return chosen ? null : AppContext.BaseDirectory;
    }

    /// <summary>
    /// <paramref name="connectionString"/> with a relative SQLite file made absolute under
    /// <paramref name="contentRoot"/>, as appsettings.json is found: the default <c>credits.db</c>
    /// is the app's, wherever it is started from. In-memory databases and <c>file:</c> URIs are left alone.
    /// </summary>
    public static string SqliteFileUnder(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || file.Length == 0 || file == ":memory:"
            || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || Path.IsPathRooted(file))
        {
            return connectionString;
        }
        builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, file));
        return builder.ToString();
    }
}
