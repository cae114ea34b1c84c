using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Credits.Server.Receipts;

/// <summary>
/// A mail template: a subject, a plain-text body and an HTML body with <c>{{name}}</c>
/// placeholders, embedded in the assembly (Receipts/Templates). Rendering only substitutes values:
/// control characters are dropped from every value, and values in the HTML body are HTML-encoded,
/// so a pack name or address can never add markup or headers. A placeholder the template names but
/// the caller does not know is an error when the template is loaded, not a blank in a sent mail.
/// </summary>
internal sealed partial class ReceiptTemplate
{
    private const string ResourcePrefix = "Credits.Server.Receipts.Templates.";

    private readonly string _subject;
    private readonly string _text;
    private readonly string _html;

    private ReceiptTemplate(string subject, string text, string html)
    {
        _subject = subject.Trim();
        _text = text;
        _html = html;
    }

    /// <summary>The purchase receipt.</summary>
    public static ReceiptTemplate Purchase { get; } = Load("purchase", ReceiptValues.Names);

    /// <summary>Loads <c>NAME.subject.txt</c>, <c>NAME.txt</c> and <c>NAME.html</c>, checking that they use only <paramref name="names"/>.</summary>
    public static ReceiptTemplate Load(string name, IReadOnlySet<string> names)
    {
        var template = new ReceiptTemplate(Read($"{name}.subject.txt"), Read($"{name}.txt"), Read($"{name}.html"));
        foreach (var part in new[] { template._subject, template._text, template._html })
        {
            foreach (Match match in Placeholder().Matches(part))
            {
                if (!names.Contains(match.Groups[1].Value))
                {
                    throw new InvalidOperationException($"Receipt template '{name}' uses an unknown placeholder '{match.Value}'.");
                }
            }
        }
        return template;
    }

    /// <summary>The subject, on one line.</summary>
    public string RenderSubject(IReadOnlyDictionary<string, string> values) => Render(_subject, values, encode: false);

    /// <summary>The plain-text body.</summary>
    public string RenderText(IReadOnlyDictionary<string, string> values) => Render(_text, values, encode: false);

    /// <summary>
    /// The HTML body, every value HTML-encoded. A line that is only a paragraph of one placeholder
    /// (<c>&lt;p&gt;{{suggestedPack}}&lt;/p&gt;</c>) is dropped when that value is empty: an optional
    /// line, not an empty paragraph the mail client shows as a gap.
    /// </summary>
    public string RenderHtml(IReadOnlyDictionary<string, string> values) =>
        Render(OptionalParagraph().Replace(_html, match =>
            Clean(values.GetValueOrDefault(match.Groups[1].Value, "")).Trim().Length == 0 ? "" : match.Value), values, encode: true);

    private static string Render(string template, IReadOnlyDictionary<string, string> values, bool encode) =>
        Placeholder().Replace(template, match =>
        {
            var value = Clean(values.GetValueOrDefault(match.Groups[1].Value, ""));
            return encode ? WebUtility.HtmlEncode(value) : value;
        });

    /// <summary>Drops control characters (line breaks included): a value is always one line of text.</summary>
    private static string Clean(string value)
    {
        if (!value.Any(char.IsControl))
        {
            return value;
        }
        var clean = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            clean.Append(char.IsControl(c) ? ' ' : c);
        }
        return clean.ToString();
    }

    private static string Read(string file)
    {
        using var stream = typeof(ReceiptTemplate).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"The receipt template {file} is not embedded in {typeof(ReceiptTemplate).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    // A whole line "<p>{{name}}</p>" with its line break (Multiline: ^ and $ at each line).
    [GeneratedRegex(@"^[ \t]*<p>\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}</p>[ \t]*\r?\n?", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex OptionalParagraph();
}
