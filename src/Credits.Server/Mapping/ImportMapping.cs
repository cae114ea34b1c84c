using Credits.Ledger.Commands;
using DomainBucket = Credits.Ledger.Lots.Bucket;
using V1 = Credits.V1;

namespace Credits.Server.Mapping;

/// <summary>
/// AdminService.ImportLots to the domain and back. Enums pass by value, the proto's zero values
/// included, so the domain names a row's missing kind or bucket (<c>rows[3].bucket</c>).
/// </summary>
internal static class ImportMapping
{
    public static ImportLotsCommand ToCommand(this V1.ImportLotsRequest request, string actor) =>
        new(actor, [.. request.Rows.Select((row, index) => new ImportRow(
            row.SourceId,
            row.AccountId,
            (ImportRowKind)(int)row.Kind,
            row.Credits,
            (DomainBucket)(int)row.Bucket,
            row.ExpiresAt is { } expiresAt ? RequestMapping.ToDateTimeOffset(expiresAt, $"rows[{index}].expires_at") : null,
            row.OccurredAt is { } occurredAt ? RequestMapping.ToDateTimeOffset(occurredAt, $"rows[{index}].occurred_at") : null,
            row.Note))]);

    public static V1.ImportLotsResponse ToResponse(this ImportLotsResult result)
    {
        var response = new V1.ImportLotsResponse();
        for (var i = 0; i < result.Outcomes.Count; i++)
        {
            response.Rows.Add(new V1.ImportRowResult { Outcome = (V1.ImportRowOutcome)(int)result.Outcomes[i], LotId = result.LotIds[i] });
        }
        response.Imported = result.Imported;
        response.AlreadyImported = result.Outcomes.Count(outcome => outcome == ImportRowOutcome.AlreadyImported);
        response.Changed = result.Outcomes.Count(outcome => outcome == ImportRowOutcome.Changed);
        return response;
    }
}
