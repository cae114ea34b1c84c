namespace Credits.Ledger.Engine;

/// <summary>Time as the ledger stores it: UTC, whole milliseconds.</summary>
internal static class Clock
{
    public static DateTimeOffset Now(TimeProvider time) => FromMs(ToMs(time.GetUtcNow()));

    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static long? ToMs(DateTimeOffset? value) => value is { } v ? ToMs(v) : null;

    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? FromMs(v) : null;
}
