using System.Globalization;
using Credits.Ledger.Data;
using Credits.Server;

namespace Credits.Testing.Hosting;

/// <summary>The settings every test server shares, so a suite states only what makes its server different.</summary>
public static class TestServerConfiguration
{
    /// <summary>
    /// Failures the tests provoke on purpose are logged as warnings; only errors are worth reading,
    /// whatever appsettings.json says.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ErrorsOnly { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Error",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Error",
        ["Logging:LogLevel:Grpc"] = "Error",
        ["Logging:LogLevel:Credits"] = "Error",
    };

    /// <summary>Every setting of a test server on <paramref name="database"/>: the shared ones, then the suite's.</summary>
    public static Dictionary<string, string?> Create(LedgerDatabase database, TestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        var configuration = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{options.GrpcPort}"),
            // No webhooks listener, whatever the environment (appsettings.Development.json has one):
            // only the listeners a suite asks for, so the gRPC address is known.
            [ServerHost.WebhooksUrlKey] = "",
            ["Json:Url"] = "",
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Database:UnsafeDurability"] = options.UnsafeDurability,
        };
        Set(configuration, options.Logging);
        for (var index = 0; index < options.ApiKeys.Count; index++)
        {
            AddKey(configuration, index, options.ApiKeys[index]);
        }
        Set(configuration, options.Configuration);
        return configuration;
    }

    private static void AddKey(Dictionary<string, string?> configuration, int index, TestApiKey key)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{index}:");
        configuration[prefix + "Name"] = key.Name;
        configuration[prefix + "Sha256"] = key.Sha256;
        for (var i = 0; i < key.Scopes.Count; i++)
        {
            configuration[string.Create(CultureInfo.InvariantCulture, $"{prefix}Scopes:{i}")] = key.Scopes[i];
        }
    }

    private static void Set(Dictionary<string, string?> configuration, IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }
    }
}
