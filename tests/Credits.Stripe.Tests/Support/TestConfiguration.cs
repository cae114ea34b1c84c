using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Credits.Stripe.Tests.Support;

/// <summary>
/// The test server's configuration as a source the test can change while the server runs, raising
/// the same reload signal an edited appsettings.json would, so reloadable options pick it up.
/// </summary>
public sealed class TestConfiguration(IDictionary<string, string?> initial) : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public override void Load()
    {
        foreach (var (key, value) in initial)
        {
            Data[key] = value;
        }
    }

    /// <summary>Sets each key, or removes it when its value is null, then signals one reload.</summary>
    public void Change(IEnumerable<(string Key, string? Value)> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in settings)
        {
            if (value is null)
            {
                Data.Remove(key);
            }
            else
            {
                Data[key] = value;
            }
        }
        try
        {
            OnReload();
        }
        catch (AggregateException error) when (error.Flatten().InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            // The options system rejects an invalid reload by throwing from the reload signal; with
            // a file it lands on the file watcher's thread, never on a request. The test goes on.
        }
    }
}
