namespace Credits.Client;

/// <summary>
/// Tunes a <see cref="CreditsClient"/> beyond what <see cref="Grpc.Net.Client.GrpcChannelOptions"/> covers.
/// The client copies the values when it is created; later changes to this object do not affect it.
/// </summary>
public sealed class CreditsClientOptions
{
    private TimeSpan? _defaultTimeout;
    private TimeSpan _settleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The deadline given to unary calls that do not set one themselves, measured from the moment the
    /// call starts; <see langword="null"/> (the default) sends no deadline. It never applies to
    /// <see cref="CreditsClient.StreamHistoryAsync(string, long, bool, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan? DefaultTimeout
    {
        get => _defaultTimeout;
        set
        {
            if (value is { } timeout)
            {
                ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(value));
            }

            _defaultTimeout = value;
        }
    }

    /// <summary>
    /// The deadline of the commit or release that
    /// <see cref="CreditsClient.RunReservedAsync{T}(V1.ReserveRequest, Func{Reservations.Reservation, CancellationToken, Task{T}}, CancellationToken)"/>
    /// sends once the work has finished. Those calls ignore the caller's cancellation token (the work is done and
    /// must be billed, or has failed and its credits must go back), so this bounds how long they may take.
    /// Defaults to 30 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan SettleTimeout
    {
        get => _settleTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _settleTimeout = value;
        }
    }
}
