using Credits.Client.Errors;
using Credits.Client.Reservations;
using Credits.V1;
using Grpc.Core;

namespace Credits.Client;

// The unary RPCs of LedgerService, each as three overloads: a cancellation token, a deadline, or full CallOptions.
public sealed partial class CreditsClient
{
    /// <summary>Adds a lot of credits to an account, creating the account if needed. The same idempotency key and request return the first response.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new lot's id and the balance after the grant.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<GrantResponse> GrantAsync(GrantRequest request, CancellationToken cancellationToken = default) =>
        GrantAsync(request, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Adds a lot of credits to an account, creating the account if needed. The same idempotency key and request return the first response.</summary>
    /// <param name="request">The request.</param>
    /// <param name="deadline">When the call gives up (UTC), reported as <see cref="StatusCode.DeadlineExceeded"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new lot's id and the balance after the grant.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<GrantResponse> GrantAsync(GrantRequest request, DateTime deadline, CancellationToken cancellationToken = default) =>
        GrantAsync(request, new CallOptions(deadline: deadline, cancellationToken: cancellationToken));

    /// <summary>Adds a lot of credits to an account, creating the account if needed. The same idempotency key and request return the first response.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>The new lot's id and the balance after the grant.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<GrantResponse> GrantAsync(GrantRequest request, CallOptions options) =>
        UnaryAsync(Raw.GrantAsync, request, options);

    /// <summary>Pins credits (an amount, or a priced feature times a quantity) to a hold before a paid operation runs; commit or release the hold afterwards, or let <see cref="RunReservedAsync{T}(ReserveRequest, Func{Reservation, CancellationToken, Task{T}}, CancellationToken)"/> do both.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The hold, the credits held, when it expires and the balance after the reserve.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InsufficientCreditsException"/>, <see cref="FeatureNotFoundException"/>, <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ReserveResponse> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default) =>
        ReserveAsync(request, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Pins credits (an amount, or a priced feature times a quantity) to a hold before a paid operation runs; commit or release the hold afterwards, or let <see cref="RunReservedAsync{T}(ReserveRequest, Func{Reservation, CancellationToken, Task{T}}, CancellationToken)"/> do both.</summary>
    /// <param name="request">The request.</param>
    /// <param name="deadline">When the call gives up (UTC), reported as <see cref="StatusCode.DeadlineExceeded"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The hold, the credits held, when it expires and the balance after the reserve.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InsufficientCreditsException"/>, <see cref="FeatureNotFoundException"/>, <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ReserveResponse> ReserveAsync(ReserveRequest request, DateTime deadline, CancellationToken cancellationToken = default) =>
        ReserveAsync(request, new CallOptions(deadline: deadline, cancellationToken: cancellationToken));

    /// <summary>Pins credits (an amount, or a priced feature times a quantity) to a hold before a paid operation runs; commit or release the hold afterwards, or let <see cref="RunReservedAsync{T}(ReserveRequest, Func{Reservation, CancellationToken, Task{T}}, CancellationToken)"/> do both.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>The hold, the credits held, when it expires and the balance after the reserve.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InsufficientCreditsException"/>, <see cref="FeatureNotFoundException"/>, <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ReserveResponse> ReserveAsync(ReserveRequest request, CallOptions options) =>
        UnaryAsync(Raw.ReserveAsync, request, options);

    /// <summary>Debits all of a hold, or part of it (the rest goes back to the account). Idempotent per hold: repeating a commit with the same amount returns the first outcome, so retrying is safe.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits debited and returned, and the balance now.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="HoldNotActiveException"/>, <see cref="HoldNotFoundException"/>, <see cref="HoldAlreadyCommittedException"/>, <see cref="InvalidRequestException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<CommitResponse> CommitAsync(CommitRequest request, CancellationToken cancellationToken = default) =>
        CommitAsync(request, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Debits all of a hold, or part of it (the rest goes back to the account). Idempotent per hold: repeating a commit with the same amount returns the first outcome, so retrying is safe.</summary>
    /// <param name="request">The request.</param>
    /// <param name="deadline">When the call gives up (UTC), reported as <see cref="StatusCode.DeadlineExceeded"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits debited and returned, and the balance now.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="HoldNotActiveException"/>, <see cref="HoldNotFoundException"/>, <see cref="HoldAlreadyCommittedException"/>, <see cref="InvalidRequestException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<CommitResponse> CommitAsync(CommitRequest request, DateTime deadline, CancellationToken cancellationToken = default) =>
        CommitAsync(request, new CallOptions(deadline: deadline, cancellationToken: cancellationToken));

    /// <summary>Debits all of a hold, or part of it (the rest goes back to the account). Idempotent per hold: repeating a commit with the same amount returns the first outcome, so retrying is safe.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>The credits debited and returned, and the balance now.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="HoldNotActiveException"/>, <see cref="HoldNotFoundException"/>, <see cref="HoldAlreadyCommittedException"/>, <see cref="InvalidRequestException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<CommitResponse> CommitAsync(CommitRequest request, CallOptions options) =>
        UnaryAsync(Raw.CommitAsync, request, options);

    /// <summary>Gives all of a hold's credits back. Idempotent per hold: repeating a release returns the first outcome, so retrying is safe.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits returned and the balance now.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="HoldNotActiveException"/>, <see cref="HoldNotFoundException"/>, <see cref="InvalidRequestException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ReleaseResponse> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken = default) =>
        ReleaseAsync(request, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Gives all of a hold's credits back. Idempotent per hold: repeating a release returns the first outcome, so retrying is safe.</summary>
    /// <param name="request">The request.</param>
    /// <param name="deadline">When the call gives up (UTC), reported as <see cref="StatusCode.DeadlineExceeded"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits returned and the balance now.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="HoldNotActiveException"/>, <see cref="HoldNotFoundException"/>, <see cref="InvalidRequestException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ReleaseResponse> ReleaseAsync(ReleaseRequest request, DateTime deadline, CancellationToken cancellationToken = default) =>
        ReleaseAsync(request, new CallOptions(deadline: deadline, cancellationToken: cancellationToken));

    /// <summary>Gives all of a hold's credits back. Idempotent per hold: repeating a release returns the first outcome, so retrying is safe.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>The credits returned and the balance now.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="HoldNotActiveException"/>, <see cref="HoldNotFoundException"/>, <see cref="InvalidRequestException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ReleaseResponse> ReleaseAsync(ReleaseRequest request, CallOptions options) =>
        UnaryAsync(Raw.ReleaseAsync, request, options);

    /// <summary>Moves an active hold's expiry to ttl from now (never earlier; capped by the hold's lifetime), for a job that runs longer than it reserved for. Repeating it is harmless.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When the hold expires now, and the balance.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="HoldNotActiveException"/>, <see cref="HoldNotFoundException"/>, <see cref="InvalidRequestException"/>, reason <c>HOLD_LIFETIME_EXCEEDED</c>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ExtendHoldResponse> ExtendHoldAsync(ExtendHoldRequest request, CancellationToken cancellationToken = default) =>
        ExtendHoldAsync(request, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Moves an active hold's expiry to ttl from now (never earlier; capped by the hold's lifetime), for a job that runs longer than it reserved for. Repeating it is harmless.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>When the hold expires now, and the balance.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="HoldNotActiveException"/>, <see cref="HoldNotFoundException"/>, <see cref="InvalidRequestException"/>, reason <c>HOLD_LIFETIME_EXCEEDED</c>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ExtendHoldResponse> ExtendHoldAsync(ExtendHoldRequest request, CallOptions options) =>
        UnaryAsync(Raw.ExtendHoldAsync, request, options);

    /// <summary>Gives back all (amount unset) or part of what a committed hold debited, less earlier refunds, with a reason; idempotent by key (scoped by the hold).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits refunded and the balance after it.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="HoldNotFoundException"/>, <see cref="InvalidRequestException"/>, reasons <c>HOLD_NOT_COMMITTED</c> and <c>REFUND_EXCEEDS_COMMITTED</c>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<RefundChargeResponse> RefundChargeAsync(RefundChargeRequest request, CancellationToken cancellationToken = default) =>
        RefundChargeAsync(request, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Gives back all (amount unset) or part of what a committed hold debited, less earlier refunds, with a reason; idempotent by key (scoped by the hold).</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>The credits refunded and the balance after it.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="HoldNotFoundException"/>, <see cref="InvalidRequestException"/>, reasons <c>HOLD_NOT_COMMITTED</c> and <c>REFUND_EXCEEDS_COMMITTED</c>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<RefundChargeResponse> RefundChargeAsync(RefundChargeRequest request, CallOptions options) =>
        UnaryAsync(Raw.RefundChargeAsync, request, options);

    /// <summary>Moves what is left of a lead's credits into the user account that signed up (idempotent: the same claim again returns the first outcome).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits moved and the user account's balance after the claim.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="LeadAlreadyClaimedException"/>, <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ClaimLeadResponse> ClaimLeadAsync(ClaimLeadRequest request, CancellationToken cancellationToken = default) =>
        ClaimLeadAsync(request, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Moves what is left of a lead's credits into the user account that signed up (idempotent: the same claim again returns the first outcome).</summary>
    /// <param name="request">The request.</param>
    /// <param name="deadline">When the call gives up (UTC), reported as <see cref="StatusCode.DeadlineExceeded"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credits moved and the user account's balance after the claim.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="LeadAlreadyClaimedException"/>, <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ClaimLeadResponse> ClaimLeadAsync(ClaimLeadRequest request, DateTime deadline, CancellationToken cancellationToken = default) =>
        ClaimLeadAsync(request, new CallOptions(deadline: deadline, cancellationToken: cancellationToken));

    /// <summary>Moves what is left of a lead's credits into the user account that signed up (idempotent: the same claim again returns the first outcome).</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>The credits moved and the user account's balance after the claim.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="LeadAlreadyClaimedException"/>, <see cref="InvalidRequestException"/>, <see cref="IdempotencyKeyReusedException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<ClaimLeadResponse> ClaimLeadAsync(ClaimLeadRequest request, CallOptions options) =>
        UnaryAsync(Raw.ClaimLeadAsync, request, options);

    /// <summary>Reads an account's balance; never writes. An unknown account reads as empty, an unused lead as its free allowance.</summary>
    /// <param name="accountId">The account, for example <c>user:42</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The balance now: available, held, per-bucket breakdown and next expiry.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<Balance> GetBalanceAsync(string accountId, CancellationToken cancellationToken = default) =>
        GetBalanceAsync(accountId, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Reads an account's balance; never writes. An unknown account reads as empty, an unused lead as its free allowance.</summary>
    /// <param name="accountId">The account, for example <c>user:42</c>.</param>
    /// <param name="deadline">When the call gives up (UTC), reported as <see cref="StatusCode.DeadlineExceeded"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The balance now: available, held, per-bucket breakdown and next expiry.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<Balance> GetBalanceAsync(string accountId, DateTime deadline, CancellationToken cancellationToken = default) =>
        GetBalanceAsync(accountId, new CallOptions(deadline: deadline, cancellationToken: cancellationToken));

    /// <summary>Reads an account's balance; never writes. An unknown account reads as empty, an unused lead as its free allowance.</summary>
    /// <param name="accountId">The account, for example <c>user:42</c>.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>The balance now: available, held, per-bucket breakdown and next expiry.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public Task<Balance> GetBalanceAsync(string accountId, CallOptions options) => GetBalanceAsync(accountId, 0, options);

    /// <summary>
    /// Reads an account's balance including at least journal entry <paramref name="minSequence"/>:
    /// read-your-writes when the write went through another server instance.
    /// </summary>
    /// <param name="accountId">The account, for example <c>user:42</c>.</param>
    /// <param name="minSequence">A <see cref="Balance.LastSequence"/> (or an entry's sequence) the caller has seen; 0 accepts any.</param>
    /// <param name="options">Headers, deadline and cancellation of the call; without a deadline, <see cref="CreditsClientOptions.DefaultTimeout"/> applies.</param>
    /// <returns>The balance now: available, held, per-bucket breakdown and next expiry.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/>, <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>.</exception>
    public async Task<Balance> GetBalanceAsync(string accountId, long minSequence, CallOptions options)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var request = new GetBalanceRequest { AccountId = accountId, MinSequence = minSequence };
        var response = await UnaryAsync(Raw.GetBalanceAsync, request, options).ConfigureAwait(false);
        return response.Balance ?? new Balance { AccountId = accountId };
    }
}
