using System.Globalization;
using Credits.AspNetCore.Charging;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Credits.AspNetCore.Http;

/// <summary>
/// Charges requests to endpoints that carry <see cref="RequireCreditsAttribute"/> (minimal APIs and controllers
/// alike): resolves the account and idempotency key, reserves the price, runs the rest of the pipeline, then
/// commits on a 2xx answer and releases on any other status, an exception or a client abort.
/// </summary>
internal sealed class CreditsMiddleware(RequestDelegate next, CreditsGate gate, IOptions<CreditsOptions> options)
{
    /// <summary>The response header with the account's credits once this request is settled.</summary>
    public const string RemainingHeader = "Credits-Remaining";

    private readonly CreditsOptions _options = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var price = endpoint?.Metadata.GetMetadata<RequireCreditsAttribute>();
        // gRPC methods carry their attributes as endpoint metadata too; CreditsServerInterceptor charges them,
        // with gRPC statuses, so they pass through here untouched.
        if (price is null || endpoint!.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var account = _options.AccountResolver(context);
        if (string.IsNullOrEmpty(account))
        {
            await CreditsProblems.NoAccountAsync(context).ConfigureAwait(false);
            return;
        }

        var operation = $"{context.Request.Method} {context.Request.Path}";
        string ledgerKey;
        var callerKey = context.Request.Headers[IdempotencyKeys.Header].ToString();
        if (callerKey.Length == 0)
        {
            ledgerKey = IdempotencyKeys.Fresh("http");
        }
        else if (IdempotencyKeys.IsValid(callerKey))
        {
            ledgerKey = IdempotencyKeys.ForCaller("http", account, operation, callerKey);
        }
        else
        {
            await CreditsProblems.InvalidKeyAsync(context).ConfigureAwait(false);
            return;
        }

        var start = await gate.BeginAsync(account, price, ledgerKey, keyFromCaller: callerKey.Length > 0, operation).ConfigureAwait(false);
        switch (start.Outcome)
        {
            case ChargeOutcome.Insufficient:
                await CreditsProblems.InsufficientAsync(context, start.Available, start.Required, _options.PurchaseUrl).ConfigureAwait(false);
                return;
            case ChargeOutcome.Unavailable:
                await CreditsProblems.UnavailableAsync(context).ConfigureAwait(false);
                return;
            case ChargeOutcome.KeyReused:
                await CreditsProblems.KeyReusedAsync(context).ConfigureAwait(false);
                return;
            case ChargeOutcome.KeySettled:
                await CreditsProblems.KeySettledAsync(context).ConfigureAwait(false);
                return;
            case ChargeOutcome.KeyInFlight:
                await CreditsProblems.KeyInFlightAsync(context).ConfigureAwait(false);
                return;
        }

        await RunChargedAsync(context, start.Charge!, operation).ConfigureAwait(false);
    }

    private async Task RunChargedAsync(HttpContext context, CreditCharge charge, string operation)
    {
        context.Features.Set(charge);
        if (charge.IsCharged)
        {
            // Headers go out with the first byte of the body, long before the commit: the header says what will
            // remain once this request is settled as the handler has left it by then.
            context.Response.OnStarting(() =>
            {
                if (IsSuccess(context.Response.StatusCode))
                {
                    context.Response.Headers[RemainingHeader] = charge.Remaining.ToString(CultureInfo.InvariantCulture);
                }

                return Task.CompletedTask;
            });
        }

        var succeeded = false;
        var why = "the handler threw";
        try
        {
            await next(context).ConfigureAwait(false);
            var aborted = context.RequestAborted.IsCancellationRequested;
            succeeded = IsSuccess(context.Response.StatusCode) && !aborted;
            why = aborted ? "the client aborted" : $"status {context.Response.StatusCode}";
        }
        finally
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                why = "the client aborted";
            }

            await gate.SettleAsync(charge, succeeded, operation, why).ConfigureAwait(false);
        }
    }

    private static bool IsSuccess(int status) => status is >= 200 and < 300;
}
