using System.Runtime.CompilerServices;
using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;

namespace Credits.Client;

// Selling credits: the pack catalogue and Stripe Checkout sessions.
public sealed partial class CreditsClient
{
    /// <summary>
    /// Lists every credit pack on sale, ordered by credits then pack id, fetching pages of
    /// <paramref name="pageSize"/> as enumeration goes (scope <c>ledger:read</c>).
    /// </summary>
    /// <param name="pageSize">Packs per call: 0 lets the server choose (50); at most 100.</param>
    /// <param name="cancellationToken">Cancels the call in flight.</param>
    /// <returns>The packs; each page is one call with the default deadline.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is negative.</exception>
    /// <exception cref="CreditsException">Raised while enumerating when a call fails, typically <see cref="CreditsAuthException"/> or <see cref="CreditsUnavailableException"/>.</exception>
    public IAsyncEnumerable<Pack> ListPacksAsync(int pageSize = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageSize);
        return ReadPacksAsync("", pageSize, cancellationToken);
    }

    /// <summary>
    /// Lists the packs <paramref name="accountId"/> may buy now: offers outside their window, at the
    /// account's limit or for first purchases only (when it bought before) are left out (scope
    /// <c>ledger:read</c>; an end-user token may name only its own account).
    /// </summary>
    /// <param name="accountId">The buying account.</param>
    /// <param name="pageSize">Packs per call: 0 lets the server choose (50); at most 100.</param>
    /// <param name="cancellationToken">Cancels the call in flight.</param>
    /// <returns>The packs; each page is one call with the default deadline.</returns>
    /// <exception cref="ArgumentException"><paramref name="accountId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is negative.</exception>
    /// <exception cref="CreditsException">Raised while enumerating when a call fails, typically <see cref="InvalidRequestException"/> or <see cref="CreditsAuthException"/>.</exception>
    public IAsyncEnumerable<Pack> ListPacksAsync(string accountId, int pageSize = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentOutOfRangeException.ThrowIfNegative(pageSize);
        return ReadPacksAsync(accountId, pageSize, cancellationToken);
    }

    /// <summary>
    /// Starts a Stripe Checkout payment for one pack and returns the payment page to send the
    /// customer to; the credits arrive through Stripe's webhook once the payment succeeds (scope
    /// <c>ledger:write</c>). A retry with the same idempotency key returns the same session.
    /// </summary>
    /// <param name="request">The account, the pack, the return URLs and the idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session id and the URL of Stripe's payment page.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/>, a <see cref="CreditsException"/> with reason <see cref="CreditsErrorReasons.PackNotFound"/> (an unknown pack) or <see cref="CreditsErrorReasons.OfferNotAvailable"/> (an offer the account may not buy now), <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<CreateCheckoutSessionResponse> CreateCheckoutSessionAsync(CreateCheckoutSessionRequest request, CancellationToken cancellationToken = default) =>
        CreateCheckoutSessionAsync(request, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Starts a Stripe Checkout payment for one pack, with full control of the call.</summary>
    /// <param name="request">The account, the pack, the return URLs and the idempotency key.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>The session id and the URL of Stripe's payment page.</returns>
    /// <exception cref="CreditsException">The call failed.</exception>
    public Task<CreateCheckoutSessionResponse> CreateCheckoutSessionAsync(CreateCheckoutSessionRequest request, CallOptions options) =>
        UnaryAsync(Raw.CreateCheckoutSessionAsync, request, options);

    private async IAsyncEnumerable<Pack> ReadPacksAsync(string accountId, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListPacksRequest { PageSize = pageSize, AccountId = accountId };
        do
        {
            var page = await UnaryAsync(Raw.ListPacksAsync, request, new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var pack in page.Packs)
            {
                yield return pack;
            }
            request = new ListPacksRequest { PageSize = pageSize, AccountId = accountId, PageToken = page.NextPageToken };
        }
        while (request.PageToken.Length > 0);
    }
}
