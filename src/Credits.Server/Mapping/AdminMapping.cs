using Credits.Ledger.Export;
using Credits.Ledger.Keys;
using Credits.Ledger.Verification;
using Credits.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Server.Mapping;

/// <summary>Maps AdminService messages to the domain and back.</summary>
internal static class AdminMapping
{
    public static ApiKey ToProto(this StoredApiKey key)
    {
        var proto = new ApiKey
        {
            KeyId = key.KeyId,
            Name = key.Name,
            Scopes = { key.Scopes },
            CreatedAt = Timestamp.FromDateTimeOffset(key.CreatedAt),
            CreatedBy = key.CreatedBy,
            RevokedBy = key.RevokedBy ?? "",
        };
        if (key.RevokedAt is { } revokedAt)
        {
            proto.RevokedAt = Timestamp.FromDateTimeOffset(revokedAt);
        }
        return proto;
    }

    public static Credits.Ledger.Commands.AdjustCommand ToCommand(this AdjustRequest request, string actor) =>
        new(actor, request.AccountId, request.Amount, request.Reason, request.IdempotencyKey);

    public static AdjustResponse ToResponse(this Credits.Ledger.Commands.AdjustResult result) => new()
    {
        Adjusted = result.Adjusted,
        LotId = result.LotId,
        Balance = result.Balance.ToProto(),
    };

    public static VerifyResponse ToResponse(this VerificationReport report) => new()
    {
        AccountsChecked = report.AccountsChecked,
        Violations =
        {
            report.Violations.Select(violation => new Violation
            {
                AccountId = violation.AccountId,
                Description = violation.Description,
                Sequence = violation.ChainBreak?.Sequence ?? 0,
                ExpectedHash = violation.ChainBreak is { } broken ? ByteString.CopyFrom(broken.Expected) : ByteString.Empty,
                StoredHash = violation.ChainBreak?.Stored is { } stored ? ByteString.CopyFrom(stored) : ByteString.Empty,
            }),
        },
    };

    public static JournalExportQuery ToQuery(this ExportJournalRequest request) => new(
        request.AccountId,
        request.StartTime is { } start ? RequestMapping.ToDateTimeOffset(start, "start_time") : null,
        request.EndTime is { } end ? RequestMapping.ToDateTimeOffset(end, "end_time") : null);
}
