using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;

namespace Credits.Client;

// StreamHistory: the account's journal as an async sequence.
public sealed partial class CreditsClient
{
    /// <summary>
    /// Reads an account's journal in sequence order from <paramref name="afterSequence"/>: with
    /// <paramref name="follow"/> <see langword="false"/> the sequence ends after the entries that exist now; with
    /// <see langword="true"/> it stays open and yields new entries as they are written, never skipping or repeating
    /// one across the switch. To resume after a failure, call again with the last <see cref="JournalEntry.Sequence"/> seen.
    /// </summary>
    /// <param name="accountId">The account; an unknown account has an empty journal.</param>
    /// <param name="afterSequence">Yields entries with a greater sequence; 0 (the default) starts from the beginning.</param>
    /// <param name="follow">Keep the stream open for live entries.</param>
    /// <param name="cancellationToken">Ends the stream (also settable with <see cref="TaskAsyncEnumerableExtensions.WithCancellation{T}(IAsyncEnumerable{T}, CancellationToken)"/>).</param>
    /// <returns>The entries; the call starts when enumeration starts and ends when the enumerator is disposed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="accountId"/> is <see langword="null"/>.</exception>
    /// <exception cref="CreditsException">
    /// Raised while enumerating when the stream fails, typically <see cref="InvalidRequestException"/>,
    /// <see cref="CreditsAuthException"/> or <see cref="CreditsUnavailableException"/>; cancellation arrives as
    /// <see cref="StatusCode.Cancelled"/>.
    /// </exception>
    public IAsyncEnumerable<JournalEntry> StreamHistoryAsync(
        string accountId,
        long afterSequence = 0,
        bool follow = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var request = new StreamHistoryRequest { AccountId = accountId, AfterSequence = afterSequence, Follow = follow };
        return ReadHistoryAsync(request, default, cancellationToken);
    }

    /// <summary>
    /// Reads an account's journal as <see cref="StreamHistoryAsync(string, long, bool, CancellationToken)"/> does,
    /// with full control of the call (headers, deadline, cancellation). No default deadline applies.
    /// </summary>
    /// <param name="request">The account, cursor and follow flag.</param>
    /// <param name="options">Headers, deadline and cancellation of the call.</param>
    /// <returns>The entries; the call starts when enumeration starts and ends when the enumerator is disposed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CreditsException">Raised while enumerating when the stream fails.</exception>
    public IAsyncEnumerable<JournalEntry> StreamHistoryAsync(StreamHistoryRequest request, CallOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ReadHistoryAsync(request, options, default);
    }

    private IAsyncEnumerable<JournalEntry> ReadHistoryAsync(StreamHistoryRequest request, CallOptions options, CancellationToken cancellationToken) =>
        ReadStreamAsync(() => Raw.StreamHistory(request, options), response => response.Entry, cancellationToken);
}
