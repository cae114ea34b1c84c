namespace Credits.Server.Background;

/// <summary>How often the expiry sweeper runs, bound from <c>Ledger:SweepInterval</c>.</summary>
public sealed class ExpirySweepOptions
{
    /// <summary>The longest interval accepted.</summary>
    public static readonly TimeSpan SweepIntervalMax = TimeSpan.FromDays(1);

    /// <summary>Time between two sweeps; more than zero and at most <see cref="SweepIntervalMax"/>. Default 10 seconds.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);
}
