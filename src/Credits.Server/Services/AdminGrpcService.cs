using Credits.Ledger;
using Credits.Ledger.Export;
using Credits.Ledger.Notifications.Webhooks;
using Credits.Ledger.Verification;
using Credits.Server.Auth;
using Credits.Server.Errors;
using Credits.Server.Mapping;
using Credits.Server.Webhooks;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Services;

/// <summary>
/// The <c>credits.v1.AdminService</c> endpoint for operators (every method needs the <c>admin</c>
/// scope, see <see cref="Scopes"/>). Each method maps the request, makes one call into the key
/// administration, the verifier or the exporter, and maps the result back; authentication and error
/// mapping are the interceptors' work, as for the ledger service.
/// </summary>
internal sealed class AdminGrpcService(ApiKeyAdministration keys, LedgerVerifier verifier, JournalExporter exporter, IHostApplicationLifetime lifetime,
    CreditLedger ledger, WebhookDeadLetters deadLetters)
    : AdminService.AdminServiceBase
{
    /// <inheritdoc />
    public override async Task<ListWebhookDeadLettersResponse> ListWebhookDeadLetters(ListWebhookDeadLettersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var page = await deadLetters.ListAsync(request.EndpointId, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListWebhookDeadLettersResponse { DeadLetters = { page.DeadLetters.Select(WebhookMapping.ToProto) }, NextPageToken = page.NextPageToken };
    }

    /// <inheritdoc />
    public override async Task<ReplayWebhookDeadLetterResponse> ReplayWebhookDeadLetter(ReplayWebhookDeadLetterRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var delivery = await deadLetters.ReplayAsync(request.EndpointId, request.AccountId, request.Sequence, context.CancellationToken);
        return new ReplayWebhookDeadLetterResponse { Delivery = delivery.ToProto() };
    }

    /// <inheritdoc />
    public override async Task<AdjustResponse> Adjust(AdjustRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ledger.AdjustAsync(request.ToCommand(CallerContext.Get(context).Name), context.CancellationToken);
        return result.ToResponse();
    }

    /// <inheritdoc />
    public override async Task<ImportLotsResponse> ImportLots(ImportLotsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var command = request.ToCommand(CallerContext.Get(context).Name);
        if (request.ValidateOnly)
        {
            ledger.CheckImport(command);
            return new ImportLotsResponse();
        }
        return (await ledger.ImportLotsAsync(command, context.CancellationToken)).ToResponse();
    }

    /// <inheritdoc />
    public override async Task<MintApiKeyResponse> MintApiKey(MintApiKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (key, secret) = await keys.MintAsync(request.Name, request.Scopes, CallerContext.Get(context).Name, context.CancellationToken);
        return new MintApiKeyResponse { ApiKey = key.ToProto(), Secret = secret };
    }

    /// <inheritdoc />
    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var page = await keys.ListAsync(request.PageSize, request.PageToken, request.IncludeRevoked, context.CancellationToken);
        return new ListApiKeysResponse { ApiKeys = { page.Keys.Select(key => key.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    /// <inheritdoc />
    public override async Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var key = await keys.RevokeAsync(request.KeyId, CallerContext.Get(context).Name, context.CancellationToken);
        return new RevokeApiKeyResponse { ApiKey = key.ToProto() };
    }

    /// <inheritdoc />
    public override async Task<VerifyResponse> Verify(VerifyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = await verifier.CheckAsync(context.CancellationToken);
        return report.ToResponse();
    }

    /// <inheritdoc />
    public override async Task ExportJournal(ExportJournalRequest request, IServerStreamWriter<ExportJournalResponse> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        // A long export must not hold up shutdown for its whole timeout: it ends with UNAVAILABLE
        // SHUTTING_DOWN, as history streams do, and the operator runs it again against another instance.
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var entry in exporter.ExportAsync(request.ToQuery(), streaming.Token))
            {
                await responseStream.WriteAsync(new ExportJournalResponse { AccountId = entry.AccountId, Entry = entry.ToProto() }, streaming.Token);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.ShuttingDown();
        }
    }
}
