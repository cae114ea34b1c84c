namespace Credits.Ledger.Notifications;

/// <summary>Configuration section <c>Ledger:Notifications</c>.</summary>
public sealed class NotificationOptions
{
    /// <summary>
    /// Whether changes decide notifications at all (default true). Off, the low-balance state is
    /// left as it is and no notification is written: the switch the benchmark compares.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// RUN_OUT_FORECAST fires when the available credits last fewer than this many days at the
    /// account's burn rate (default 3), at most once per top-up; 0 turns it off.
    /// </summary>
    public int RunOutDays { get; set; } = 3;

    /// <summary>
    /// The purchase page (<c>Ledger:Notifications:PurchaseUrl</c>): each notification links to it with
    /// <c>pack=&lt;suggested pack id&gt;</c> added to its query; empty (default) leaves the link empty.
    /// </summary>
    public string PurchaseUrl { get; set; } = "";

    /// <summary>
    /// The packs a notification may suggest; set by the server from its pack catalogue at startup
    /// (not from configuration), so the ledger chooses without the payment layer. Empty: no suggestion.
    /// </summary>
    public IReadOnlyList<SuggestablePack> Packs { get; set; } = [];

    /// <summary>The default warnings before a lot's credits expire, in days.</summary>
    public static readonly IReadOnlyList<int> DefaultExpiryWarningDays = [7, 1];

    /// <summary>Longest warning, in days: the sweeper looks this far ahead.</summary>
    public const int ExpiryWarningDaysMax = 90;

    /// <summary>
    /// Days before a lot's unspent credits expire on which its account is warned
    /// (<c>CREDITS_EXPIRING</c>), each once per lot: default 7 and 1; an empty list turns the warnings
    /// off. Null (not configured) means the default: configuration binding appends to a list it
    /// finds filled, so the default is not put in the property.
    /// </summary>
    public int[]? ExpiryWarningDays { get; set; }

    /// <summary>The warnings in force, farthest first, each 1 to <see cref="ExpiryWarningDaysMax"/> days.</summary>
    /// <remarks>Computed once, on first use (after configuration is bound): every batch's catch-up reads it.</remarks>
    public IReadOnlyList<int> WarningDays => _warningDays ??=
        [.. (ExpiryWarningDays ?? DefaultExpiryWarningDays).Where(days => days is > 0 and <= ExpiryWarningDaysMax).Distinct().OrderDescending()];

    private IReadOnlyList<int>? _warningDays;
}
