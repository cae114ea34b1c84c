using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Credits.AspNetCore;

/// <summary>
/// Where the ledger is and how priced endpoints behave; set in
/// <see cref="CreditsServiceCollectionExtensions.AddCreditsClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{CreditsOptions})"/>
/// or bound from the <c>Credits</c> configuration section.
/// </summary>
public sealed class CreditsOptions
{
    /// <summary>The ledger server, for example <c>http://localhost:5000</c> (plaintext h2c) or an <c>https://</c> address. Required.</summary>
    public Uri? Address { get; set; }

    /// <summary>The API key (scope <c>ledger:write</c>) this service sends to the ledger. Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Picks the ledger account a request is charged to; <see langword="null"/> or empty means nobody is signed
    /// in, answered with 401. The default is the authenticated user's <c>sub</c> claim (or
    /// <see cref="ClaimTypes.NameIdentifier"/>, which JWT bearer maps <c>sub</c> to).
    /// </summary>
    public Func<HttpContext, string?> AccountResolver { get; set; } = DefaultAccount;

    /// <summary>The page where a user buys credits, sent as <c>purchaseUrl</c> in the 402 body; <see langword="null"/> leaves it out.</summary>
    public Uri? PurchaseUrl { get; set; }

    /// <summary>
    /// When the ledger cannot be reached (UNAVAILABLE or DEADLINE_EXCEEDED on Reserve): <see langword="false"/> (the
    /// default) answers 503; <see langword="true"/> runs the handler uncharged and logs a warning. Fail-open gives
    /// work away while the ledger is down, so it is opt-in.
    /// </summary>
    public bool FailOpen { get; set; }

    /// <summary>How long a hold lives if the request never settles it (the process dies): the ledger releases it then. Default 5 minutes.</summary>
    public TimeSpan HoldTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The deadline of the Reserve sent before the handler; past it the ledger counts as unavailable. Default 5 seconds.</summary>
    public TimeSpan ReserveTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The deadline of the Commit or Release sent after the handler. They ignore the request's cancellation (an
    /// aborted request must still give its credits back), so this bounds them. Default 10 seconds.
    /// </summary>
    public TimeSpan SettleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>sub</c> claim of the authenticated user, or nothing for an anonymous one.</summary>
    public static string? DefaultAccount(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        return user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
    }
}
