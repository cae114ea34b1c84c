namespace Credits.Server.Browser;

/// <summary>The <c>Browser</c> configuration section: where browsers reach the ledger over gRPC-Web, and from which pages.</summary>
public sealed class BrowserOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Browser";

    /// <summary>
    /// The HTTP/1.1 address browsers call with gRPC-Web, for example <c>http://127.0.0.1:5082</c>; empty
    /// means no such listener. Browsers never speak plaintext HTTP/2 (h2c), so the gRPC endpoint cannot
    /// serve them; put this one behind the TLS proxy that serves the product's pages.
    /// </summary>
    public string Url { get; set; } = "";

    /// <summary>
    /// The page origins (scheme, host and port, such as <c>https://shop.example.com</c>) allowed to call
    /// with CORS. None by default: a browser then refuses every cross-origin call.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
