namespace Credits.Server.Webhooks;

/// <summary>
/// When to try a failed delivery again: exponential back-off with "equal jitter". The n-th failure
/// waits between half and all of <c>RetryDelay × 2^(n-1)</c> (capped at <c>RetryDelayMax</c>), so
/// a receiver that comes back is not hit by every queued delivery in the same second.
/// </summary>
internal static class WebhookRetrySchedule
{
    // 2^20 times the first delay is past any cap; stops the doubling before it overflows.
    private const int DoublingsMax = 20;

    /// <summary>The wait after <paramref name="attempts"/> failed attempts (1 for the first), <paramref name="jitter"/> in [0, 1).</summary>
    public static TimeSpan Delay(int attempts, NotificationWebhookOptions options, double jitter)
    {
        ArgumentNullException.ThrowIfNull(options);
        var doublings = Math.Clamp(attempts - 1, 0, DoublingsMax);
        var full = options.RetryDelay * Math.Pow(2, doublings);
        if (full > options.RetryDelayMax)
        {
            full = options.RetryDelayMax;
        }
        return full / 2 + full / 2 * Math.Clamp(jitter, 0, 1);
    }
}
