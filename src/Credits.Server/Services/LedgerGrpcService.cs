using Credits.Ledger;
using Credits.Server.Auth;
using Credits.Server.Errors;
using Credits.Server.Throttling;
using Credits.Server.Mapping;
using Credits.Server.Stripe;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Services;

/// <summary>
/// The <c>credits.v1.LedgerService</c> endpoint. Each method maps the request to a domain command
/// whose actor is the authenticated caller, makes one call into <see cref="CreditLedger"/>, and maps
/// the result back; authentication and error mapping are the interceptors' work.
/// </summary>
internal sealed class LedgerGrpcService(CreditLedger ledger, IHostApplicationLifetime lifetime, PackListing packs, StripeCheckout checkout,
    StreamLimits streams)
    : LedgerService.LedgerServiceBase
{
    /// <inheritdoc />
    public override async Task<GrantResponse> Grant(GrantRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.GrantAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<ReserveResponse> Reserve(ReserveRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.ReserveAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<CommitResponse> Commit(CommitRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.CommitAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<ReleaseResponse> Release(ReleaseRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.ReleaseAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<ExtendHoldResponse> ExtendHold(ExtendHoldRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.ExtendHoldAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<RefundChargeResponse> RefundCharge(RefundChargeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.RefundChargeAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<ClaimLeadResponse> ClaimLead(ClaimLeadRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.ClaimLeadAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<TransferResponse> Transfer(TransferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var caller = CallerContext.Get(context);
        var result = await ledger.TransferAsync(request.ToCommand(caller.Name), context.CancellationToken);
        return result.ToResponse(EndUserAccess.IsEndUser(caller));
    }

    /// <inheritdoc />
    public override async Task<GetBalanceResponse> GetBalance(GetBalanceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.AsOf is { } asOf)
        {
            var replayed = await ledger.GetBalanceAsOfAsync(request.AccountId, RequestMapping.ToDateTimeOffset(asOf, "as_of"), context.CancellationToken);
            return replayed.ToResponse();
        }
        var balance = await ledger.GetBalanceAsync(request.AccountId, request.MinSequence, context.CancellationToken);
        return new GetBalanceResponse { Balance = balance.ToProto() };
    }

    /// <inheritdoc />
    public override async Task StreamHistory(StreamHistoryRequest request, IServerStreamWriter<StreamHistoryResponse> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        using var slot = streams.Open(CallerContext.Get(context), request.AccountId);
        // A follower never finishes by itself; without this, shutdown would wait out its whole timeout
        // for every open stream. Ending with UNAVAILABLE tells the client to reconnect elsewhere and
        // resume from its last sequence.
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var caller = CallerContext.Get(context);
        try
        {
            await foreach (var entry in ledger.StreamHistoryAsync(request.AccountId, request.AfterSequence, request.Follow, streaming.Token))
            {
                await responseStream.WriteAsync(new StreamHistoryResponse { Entry = EndUserView.For(caller, entry.ToProto()) }, streaming.Token);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.ShuttingDown();
        }
    }

    /// <inheritdoc />
    public override Task<ListPacksResponse> ListPacks(ListPacksRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return packs.ListAsync(request, context.CancellationToken);
    }

    /// <inheritdoc />
    public override async Task<CreateCheckoutSessionResponse> CreateCheckoutSession(CreateCheckoutSessionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var session = await checkout.CreateAsync(request.ToCheckoutRequest(), CallerContext.Get(context).Name, context.CancellationToken);
        return session.ToResponse();
    }
}
