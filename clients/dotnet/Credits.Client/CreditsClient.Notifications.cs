using System.Runtime.CompilerServices;
using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;

namespace Credits.Client;

// Notifications: low balance and depleted, decided by the ledger; the in-app list and the preferences.
public sealed partial class CreditsClient
{
    /// <summary>
    /// Lists an account's notifications, oldest first, fetching pages of <paramref name="pageSize"/>
    /// as enumeration goes (scope <c>ledger:read</c>, or an end-user token for that account).
    /// </summary>
    /// <param name="accountId">The account, such as <c>user:42</c>.</param>
    /// <param name="unreadOnly">True: only notifications not yet marked read.</param>
    /// <param name="pageSize">Notifications per call: 0 lets the server choose (50); at most 200.</param>
    /// <param name="cancellationToken">Cancels the call in flight.</param>
    /// <returns>The notifications; each page is one call with the default deadline.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is negative.</exception>
    /// <exception cref="CreditsException">Raised while enumerating when a call fails, typically <see cref="InvalidRequestException"/> or <see cref="CreditsAuthException"/>.</exception>
    public IAsyncEnumerable<Notification> ListNotificationsAsync(string accountId, bool unreadOnly = false, int pageSize = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentOutOfRangeException.ThrowIfNegative(pageSize);
        return ReadNotificationsAsync(new ListNotificationsRequest { AccountId = accountId, UnreadOnly = unreadOnly, PageSize = pageSize },
            cancellationToken);
    }

    /// <summary>
    /// An account's notifications after <paramref name="afterSequence"/>, oldest first, then each new one as
    /// it is written, until <paramref name="cancellationToken"/> cancels (scope <c>ledger:read</c>, or an
    /// end-user token for that account): the live bell. No deadline applies. After a broken stream,
    /// call again with the last sequence received.
    /// </summary>
    /// <param name="accountId">The account, such as <c>user:42</c>.</param>
    /// <param name="afterSequence">0 for every notification, or the last one received.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The notifications; the call starts when enumeration starts.</returns>
    /// <exception cref="CreditsException">Raised while enumerating when the stream fails, typically <see cref="CreditsUnavailableException"/> (resume) or <see cref="CreditsAuthException"/>.</exception>
    public IAsyncEnumerable<Notification> StreamNotificationsAsync(string accountId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var request = new StreamNotificationsRequest { AccountId = accountId, AfterSequence = afterSequence };
        return ReadStreamAsync(() => NotificationsRaw.StreamNotifications(request, new CallOptions(cancellationToken: cancellationToken)),
            response => response.Notification, cancellationToken);
    }

    /// <summary>Marks every notification of an account up to <paramref name="upToSequence"/> read (scope <c>ledger:write</c>); repeating it changes nothing.</summary>
    /// <param name="accountId">The account, such as <c>user:42</c>.</param>
    /// <param name="upToSequence">The last sequence to mark, 1 or more.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many notifications this call marked (0 when repeated).</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> or <see cref="CreditsAuthException"/>.</exception>
    public async Task<int> MarkNotificationsReadAsync(string accountId, long upToSequence, CancellationToken cancellationToken = default)
    {
        var response = await UnaryAsync(NotificationsRaw.MarkNotificationsReadAsync,
            new MarkNotificationsReadRequest { AccountId = accountId, UpToSequence = upToSequence }, new CallOptions(cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return response.MarkedCount;
    }

    /// <summary>Reads an account's notification preferences, the defaults if it never set them (scope <c>ledger:read</c>).</summary>
    /// <param name="accountId">The account, such as <c>user:42</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The thresholds (highest first) and channels in force.</returns>
    /// <exception cref="CreditsException">The call failed.</exception>
    public async Task<NotificationPreferences> GetNotificationPreferencesAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var response = await UnaryAsync(NotificationsRaw.GetNotificationPreferencesAsync, new GetNotificationPreferencesRequest { AccountId = accountId },
            new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false);
        return response.Preferences;
    }

    /// <summary>
    /// Replaces an account's notification preferences (scope <c>ledger:write</c>). A retry with the same
    /// idempotency key returns the first answer; the same key with other preferences is refused.
    /// </summary>
    /// <param name="request">The account, the whole preferences and the idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The preferences as stored, thresholds highest first.</returns>
    /// <remarks>
    /// <c>Preferences.EmailAddress</c> is where notification emails go (empty: the account's purchase
    /// receipts' address, if any); every field is replaced, so send the address back when changing others.
    /// </remarks>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> (a threshold outside 1 to 99, or named twice), or reason <c>INVALID_EMAIL_ADDRESS</c> (<see cref="CreditsErrorReasons.InvalidEmailAddress"/>) for an address that is not one bare address.</exception>
    public async Task<NotificationPreferences> UpdateNotificationPreferencesAsync(UpdateNotificationPreferencesRequest request,
        CancellationToken cancellationToken = default)
    {
        var response = await UnaryAsync(NotificationsRaw.UpdateNotificationPreferencesAsync, request, new CallOptions(cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return response.Preferences;
    }

    private async IAsyncEnumerable<Notification> ReadNotificationsAsync(ListNotificationsRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        do
        {
            var page = await UnaryAsync(NotificationsRaw.ListNotificationsAsync, request, new CallOptions(cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            foreach (var notification in page.Notifications)
            {
                yield return notification;
            }
            request = request.Clone();
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
    }
}
