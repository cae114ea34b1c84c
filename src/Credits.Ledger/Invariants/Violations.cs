using System.Runtime.CompilerServices;

namespace Credits.Ledger.Invariants;

/// <summary>
/// Collects broken invariants. The engine checks every account twice per batch, so a check that
/// holds must cost no allocation: a message is formatted only when its condition fails.
/// </summary>
internal sealed class Violations
{
    private List<string>? _found;

    public IReadOnlyList<string> Found => _found ?? (IReadOnlyList<string>)[];

    public void Require(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref ViolationMessage message)
    {
        if (!condition)
        {
            (_found ??= []).Add(message.ToStringAndClear());
        }
    }
}

/// <summary>
/// An interpolated message that is built only when its condition is false, the way
/// <c>Debug.Assert</c>'s handler defers its message.
/// </summary>
[InterpolatedStringHandler]
internal ref struct ViolationMessage
{
    private DefaultInterpolatedStringHandler _text;

    public ViolationMessage(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
    {
        shouldAppend = !condition;
        _text = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public string ToStringAndClear() => _text.ToStringAndClear();
}
