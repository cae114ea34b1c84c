using Microsoft.Extensions.Logging.Console;

namespace Credits.Server.Hosting;

/// <summary>
/// The console log's shape: one JSON object per line everywhere a machine reads the logs (a
/// collector parses the fields, scopes included), and one readable line per entry in Development,
/// where a person does. <c>Logging:Console:FormatterName</c> (<c>json</c>, <c>simple</c>) overrides
/// the choice in any environment.
/// </summary>
internal static class ConsoleLogs
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    public static void Apply(WebApplicationBuilder builder)
    {
        var chosen = builder.Configuration["Logging:Console:FormatterName"];
        var readable = chosen is null ? builder.Environment.IsDevelopment() : chosen == ConsoleFormatterNames.Simple;
        if (readable)
        {
            builder.Logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = TimestampFormat;
            });
            return;
        }
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = TimestampFormat.TrimEnd();
        });
    }
}
