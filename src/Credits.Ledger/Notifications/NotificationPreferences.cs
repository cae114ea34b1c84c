using System.Globalization;
using Credits.Ledger.Errors;

namespace Credits.Ledger.Notifications;

/// <summary>
/// An account's notification preferences: the low-balance thresholds (percents of the balance right
/// after the last top-up, highest first) and the channels. Accounts that never set them use <see cref="Default"/>.
/// </summary>
/// <param name="LowBalanceThresholds">Distinct percents, each 1 to 99, highest first; empty turns low-balance notifications off (DEPLETED stays).</param>
/// <param name="Channels">Where notifications go.</param>
public sealed record NotificationPreferences(IReadOnlyList<int> LowBalanceThresholds, NotificationChannels Channels)
{
    /// <summary>Most thresholds one account may set.</summary>
    public const int ThresholdsCountMax = 5;

    /// <summary>Lowest threshold percent allowed.</summary>
    public const int ThresholdPercentMin = 1;

    /// <summary>Highest threshold percent allowed (100 would fire at the top-up itself).</summary>
    public const int ThresholdPercentMax = 99;

    /// <summary>20, 10 and 5 percent; email and in-app.</summary>
    public static NotificationPreferences Default { get; } = new([20, 10, 5], NotificationChannels.Email | NotificationChannels.InApp);

    /// <summary>
    /// Where notification emails go (set by the account's user); null: to the address of the
    /// account's latest purchase receipt, if any (<c>NotificationMailOutbox</c>), else none is mailed.
    /// Stored outside the columns the engine loads: an account read for a batch carries null here.
    /// </summary>
    public string? EmailAddress { get; init; }

    /// <summary>
    /// The account's locale, a BCP 47 tag (<see cref="Validation.LanguageTags"/>) such as "de-DE": the
    /// language and formats of its e-mails (the server falls back to the language, then English);
    /// null: none set. Stored beside <see cref="EmailAddress"/>, so an account read for a batch carries null here too.
    /// </summary>
    public string? Locale { get; init; }

    /// <summary>Checks a locale from a caller: null for none ("" or null), else the tag; throws <see cref="LedgerException"/> when it is not a BCP 47 tag.</summary>
    public static string? ValidLocale(string? locale, string field)
    {
        if (string.IsNullOrEmpty(locale))
        {
            return null;
        }
        return Validation.LanguageTags.IsWellFormed(locale)
            ? locale
            : throw LedgerErrors.Invalid(field, Validation.LanguageTags.Rule(field)).ToException();
    }

    /// <summary>Checks thresholds from a caller and returns them sorted highest first; throws <see cref="LedgerException"/> naming the first bad one.</summary>
    public static IReadOnlyList<int> ValidThresholds(IReadOnlyList<int> thresholds, string field)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Count > ThresholdsCountMax)
        {
            throw LedgerErrors.Invalid(field, $"At most {ThresholdsCountMax} thresholds.").ToException();
        }
        for (var i = 0; i < thresholds.Count; i++)
        {
            if (thresholds[i] is < ThresholdPercentMin or > ThresholdPercentMax)
            {
                throw LedgerErrors.Invalid($"{field}[{i}]", $"A threshold is a percent from {ThresholdPercentMin} to {ThresholdPercentMax}.").ToException();
            }
            if (thresholds.Take(i).Contains(thresholds[i]))
            {
                throw LedgerErrors.Invalid($"{field}[{i}]", $"The threshold {thresholds[i]} is named twice.").ToException();
            }
        }
        return thresholds.OrderDescending().ToList();
    }

    /// <summary>The stored form of the thresholds ("20,10,5"); null for the defaults.</summary>
    internal string? StoredThresholds =>
        LowBalanceThresholds.SequenceEqual(Default.LowBalanceThresholds)
            ? null
            : string.Join(',', LowBalanceThresholds.Select(percent => percent.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Preferences as stored on the account row.</summary>
    internal static NotificationPreferences FromStored(string? thresholds, int channels, string? emailAddress = null, string? locale = null) =>
        thresholds is null && channels == (int)Default.Channels && emailAddress is null && locale is null
            ? Default
            : new(thresholds is null
                    ? Default.LowBalanceThresholds
                    : thresholds.Length == 0 ? [] : thresholds.Split(',').Select(part => int.Parse(part, CultureInfo.InvariantCulture)).ToList(),
                (NotificationChannels)channels) { EmailAddress = emailAddress, Locale = locale };

    /// <summary>Equal when the thresholds, channels, address and locale are (records compare lists by reference).</summary>
    public bool Equals(NotificationPreferences? other) =>
        other is not null && Channels == other.Channels && LowBalanceThresholds.SequenceEqual(other.LowBalanceThresholds)
        && string.Equals(EmailAddress, other.EmailAddress, StringComparison.Ordinal)
        && string.Equals(Locale, other.Locale, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Channels, LowBalanceThresholds.Count);
}
