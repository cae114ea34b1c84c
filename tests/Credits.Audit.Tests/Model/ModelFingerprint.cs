using System.Globalization;
using Credits.Ledger.Commands;
using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// What a keyed request asks for, as text: two requests are the same exactly when their texts are,
/// so every field that changes what the request does is part of it.
/// </summary>
public static class ModelFingerprint
{
    public static string Of(GrantRequest request) => Join("grant", request.AccountId, Number(request.Amount), request.Bucket.ToString(),
        request.ExpiresAt is null ? "-" : Number(ModelTime.ToMs(request.ExpiresAt.ToDateTimeOffset())),
        request.HasPriority ? Number(request.Priority) : "-", request.Reference, Canonical(request.Metadata), "no rollover");

    public static string Of(ReserveRequest request) => Join("reserve", request.AccountId,
        request.CostCase == ReserveRequest.CostOneofCase.Amount ? Number(request.Amount) : "-",
        request.CostCase == ReserveRequest.CostOneofCase.Feature ? request.Feature : "", Number(request.Quantity),
        request.Ttl is null ? "-" : Number((long)request.Ttl.ToTimeSpan().TotalMilliseconds), Canonical(request.Metadata));

    public static string Of(ClaimLeadRequest request) => Join("claim", request.LeadAccountId, request.UserAccountId);

    public static string Of(GrantCommand command) => Join("grant", command.AccountId, Number(command.Amount), command.Bucket.ToString(),
        command.ExpiresAt is { } expiresAt ? Number(ModelTime.ToMs(expiresAt)) : "-",
        command.Priority is { } priority ? Number(priority) : "-", command.Reference, Canonical(command.Metadata),
        command.Rollover is { } rollover ? $"rollover {Number(rollover.Cap)} until {Number(ModelTime.ToMs(rollover.ExpiresAt))}" : "no rollover");

    public static string Of(ClawbackCommand command) => Join("claw-back", command.AccountId, Number(command.Amount), command.LotId ?? "-",
        command.Reference, Canonical(command.Metadata));

    public static string Of(ReverseClawbackCommand command) => Join("reversal", command.AccountId, command.Reference);

    public static string Of(FreezeCommand command) => Join("freeze", command.AccountId, command.LotId, command.Reference);

    public static string Of(UnfreezeCommand command) => Join("unfreeze", command.AccountId, command.Reference);

    public static string Of(NoteCommand command) => Join("note", command.AccountId, command.Reference, Canonical(command.Metadata));

    // Length-prefixed, so that no two different lists of fields join to the same text.
    private static string Join(params string[] fields) =>
        string.Concat(fields.Select(field => $"{Number(field.Length)}:{field}|"));

    private static string Canonical(IEnumerable<KeyValuePair<string, string>> metadata) =>
        string.Join(',', metadata.OrderBy(item => item.Key, StringComparer.Ordinal).Select(item => $"{item.Key.Length}:{item.Key}={item.Value.Length}:{item.Value}"));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
