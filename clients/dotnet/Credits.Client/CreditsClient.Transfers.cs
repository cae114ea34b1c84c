using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;

namespace Credits.Client;

// Moving credits between accounts.
public sealed partial class CreditsClient
{
    /// <summary>
    /// Moves credits from one account to another: they leave the sender in burn-down order and arrive
    /// as gift lots that keep each source lot's expiry (idempotent by the sender and key).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits moved and both balances after the transfer (the receiver's is unset for an end-user token).</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InsufficientCreditsException"/>, <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>, a plain <see cref="CreditsException"/> with reason <see cref="CreditsErrorReasons.TransferLimitExceeded"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<TransferResponse> TransferAsync(TransferRequest request, CancellationToken cancellationToken = default) =>
        TransferAsync(request, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Moves credits from one account to another; see <see cref="TransferAsync(TransferRequest, CancellationToken)"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="deadline">When the call gives up (UTC), reported as <see cref="StatusCode.DeadlineExceeded"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits moved and both balances after the transfer.</returns>
    /// <exception cref="CreditsException">The call failed; see <see cref="TransferAsync(TransferRequest, CancellationToken)"/>.</exception>
    public Task<TransferResponse> TransferAsync(TransferRequest request, DateTime deadline, CancellationToken cancellationToken = default) =>
        TransferAsync(request, new CallOptions(deadline: deadline, cancellationToken: cancellationToken));

    /// <summary>Moves credits from one account to another; see <see cref="TransferAsync(TransferRequest, CancellationToken)"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>The credits moved and both balances after the transfer.</returns>
    /// <exception cref="CreditsException">The call failed; see <see cref="TransferAsync(TransferRequest, CancellationToken)"/>.</exception>
    public Task<TransferResponse> TransferAsync(TransferRequest request, CallOptions options) =>
        UnaryAsync(Raw.TransferAsync, request, options);
}
