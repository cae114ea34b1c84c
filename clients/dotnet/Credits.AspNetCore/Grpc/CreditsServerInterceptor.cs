using System.Globalization;
using Credits.AspNetCore.Charging;
using Credits.Client.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Credits.AspNetCore.Grpc;

/// <summary>
/// Charges product gRPC methods that carry <see cref="RequireCreditsAttribute"/>, as <see cref="Http.CreditsMiddleware"/>
/// charges HTTP endpoints: reserve before the method, commit when it ends with OK, release on any other status,
/// an exception or a cancelled call. Insufficient credits end the call with <c>FAILED_PRECONDITION</c> and the
/// ledger's own <c>ErrorInfo</c> (reason <c>INSUFFICIENT_CREDITS</c>, metadata <c>available</c>, <c>required</c>):
/// what a gRPC client of the ledger already handles, where RESOURCE_EXHAUSTED would read as "retry later".
/// </summary>
public sealed class CreditsServerInterceptor(CreditsGate gate, IOptions<CreditsOptions> options) : Interceptor
{
    /// <summary>The response header with the account's credits once the call is settled.</summary>
    public const string RemainingHeader = "credits-remaining";

    private readonly CreditsOptions _options = options.Value;

    /// <inheritdoc/>
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        ChargeAsync(context, () => continuation(request, context));

    /// <inheritdoc/>
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        ChargeAsync(context, () => continuation(requestStream, context));

    /// <inheritdoc/>
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        ChargeAsync(context, async () =>
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return true;
        });

    /// <inheritdoc/>
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        ChargeAsync(context, async () =>
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return true;
        });

    private async Task<T> ChargeAsync<T>(ServerCallContext context, Func<Task<T>> method)
    {
        var http = context.GetHttpContext();
        var price = http.GetEndpoint()?.Metadata.GetMetadata<RequireCreditsAttribute>();
        if (price is null)
        {
            return await method().ConfigureAwait(false);
        }

        var account = _options.AccountResolver(http);
        if (string.IsNullOrEmpty(account))
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unauthenticated, "This method is paid for in credits, and no account could be found for the call."));
        }

        var operation = context.Method;
        var callerKey = context.RequestHeaders.GetValue("idempotency-key") ?? string.Empty;
        if (callerKey.Length > 0 && !IdempotencyKeys.IsValid(callerKey))
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, "The idempotency-key header must be 1 to 128 printable ASCII characters."));
        }

        var ledgerKey = callerKey.Length == 0
            ? IdempotencyKeys.Fresh("grpc")
            : IdempotencyKeys.ForCaller("grpc", account, operation, callerKey);
        var start = await gate.BeginAsync(account, price, ledgerKey, callerKey.Length > 0, operation).ConfigureAwait(false);
        var charge = start.Outcome switch
        {
            ChargeOutcome.Charged or ChargeOutcome.Uncharged => start.Charge!,
            ChargeOutcome.Insufficient => throw Refusal(
                StatusCode.FailedPrecondition,
                $"This call costs {start.Required} credits; {start.Available} are available.",
                CreditsErrorReasons.InsufficientCredits,
                ("available", start.Available),
                ("required", start.Required)),
            ChargeOutcome.KeyReused or ChargeOutcome.KeySettled or ChargeOutcome.KeyInFlight => throw Refusal(
                StatusCode.AlreadyExists,
                "This idempotency-key was used by another call, by one that has finished, or by one still running.",
                CreditsErrorReasons.IdempotencyKeyReused),
            _ => throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unavailable, "The credits service could not be reached; retry with the same idempotency-key.")),
        };

        return await RunChargedAsync(context, http, charge, operation, method).ConfigureAwait(false);
    }

    private async Task<T> RunChargedAsync<T>(ServerCallContext context, HttpContext http, CreditCharge charge, string operation, Func<Task<T>> method)
    {
        http.Features.Set(charge);
        var failed = false;
        if (charge.IsCharged)
        {
            // Streaming calls send headers with their first message, before the outcome is known: the header says
            // what remains if the call ends as the method has left its charge by then.
            http.Response.OnStarting(() =>
            {
                if (!failed)
                {
                    http.Response.Headers[RemainingHeader] = charge.Remaining.ToString(CultureInfo.InvariantCulture);
                }

                return Task.CompletedTask;
            });
        }

        T result;
        try
        {
            result = await method().ConfigureAwait(false);
        }
        catch (Exception)
        {
            failed = true;
            var why = context.CancellationToken.IsCancellationRequested ? "the call was cancelled" : "the method failed";
            await gate.SettleAsync(charge, succeeded: false, operation, why).ConfigureAwait(false);
            throw;
        }

        // A method may set a status without throwing; only OK is paid for, and a cancelled call's answer never arrives.
        var cancelled = context.CancellationToken.IsCancellationRequested;
        var ok = context.Status.StatusCode == StatusCode.OK && !cancelled;
        failed = !ok;
        await gate.SettleAsync(charge, ok, operation, cancelled ? "the call was cancelled" : $"status {context.Status.StatusCode}").ConfigureAwait(false);
        return result;
    }

    private static RpcException Refusal(StatusCode code, string message, string reason, params (string Key, long Value)[] metadata)
    {
        var info = new ErrorInfo { Domain = CreditsErrorReasons.Domain, Reason = reason };
        foreach (var (key, value) in metadata)
        {
            info.Metadata[key] = value.ToString(CultureInfo.InvariantCulture);
        }

        return new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } }.ToRpcException();
    }
}
