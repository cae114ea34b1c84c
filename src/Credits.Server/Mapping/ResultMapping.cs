using Credits.Ledger.Balances;
using Credits.Ledger.Commands;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using DomainJournalEntry = Credits.Ledger.Journal.JournalEntry;
using V1 = Credits.V1;

namespace Credits.Server.Mapping;

/// <summary>Domain results, balances and journal entries to proto messages.</summary>
internal static class ResultMapping
{
    public static V1.GrantResponse ToResponse(this GrantResult result) => new()
    {
        LotId = result.LotId,
        Balance = result.Balance.ToProto(),
    };

    public static V1.ReserveResponse ToResponse(this ReserveResult result) => new()
    {
        HoldId = result.HoldId,
        Amount = result.Amount,
        ExpiresAt = Timestamp.FromDateTimeOffset(result.ExpiresAt),
        Balance = result.Balance.ToProto(),
    };

    public static V1.CommitResponse ToResponse(this CommitResult result) => new()
    {
        Committed = result.Committed,
        Released = result.Released,
        Balance = result.Balance.ToProto(),
    };

    public static V1.ExtendHoldResponse ToResponse(this ExtendHoldResult result) => new()
    {
        ExpiresAt = Timestamp.FromDateTimeOffset(result.ExpiresAt),
        Balance = result.Balance.ToProto(),
    };

    public static V1.RefundChargeResponse ToResponse(this RefundChargeResult result) => new()
    {
        Refunded = result.Refunded,
        Balance = result.Balance.ToProto(),
    };

    public static V1.ReleaseResponse ToResponse(this ReleaseResult result) => new()
    {
        Released = result.Released,
        Balance = result.Balance.ToProto(),
    };

    public static V1.ClaimLeadResponse ToResponse(this ClaimLeadResult result) => new()
    {
        Moved = result.Moved,
        Balance = result.Balance.ToProto(),
    };

    /// <summary>The receiver's balance is left out for an end user: it is another person's.</summary>
    public static V1.TransferResponse ToResponse(this TransferResult result, bool endUser) => new()
    {
        Moved = result.Moved,
        FromBalance = result.FromBalance.ToProto(),
        ToBalance = endUser ? null : result.ToBalance.ToProto(),
    };

    public static V1.Balance ToProto(this BalanceView view)
    {
        var balance = new V1.Balance
        {
            AccountId = view.AccountId,
            Available = view.Available,
            Held = view.Held,
            Owed = view.Owed,
            Frozen = view.Frozen,
            LastSequence = view.LastSequence,
            NextExpiry = view.NextExpiry is { } next
                ? new V1.Expiry { Amount = next.Amount, ExpiresAt = Timestamp.FromDateTimeOffset(next.ExpiresAt) }
                : null,
        };
        foreach (var bucket in view.Buckets)
        {
            balance.Buckets.Add(new V1.BucketBalance
            {
                Bucket = (V1.Bucket)(int)bucket.Bucket,
                Available = bucket.Available,
                Held = bucket.Held,
            });
        }
        foreach (var scoped in view.Scoped)
        {
            balance.Scoped.Add(new V1.ScopedBalance { Features = { scoped.Features }, Available = scoped.Available, Held = scoped.Held });
        }
        return balance;
    }

    public static V1.JournalEntry ToProto(this DomainJournalEntry entry)
    {
        var proto = new V1.JournalEntry
        {
            Sequence = entry.Sequence,
            // The proto and domain enums share their values.
            Kind = (V1.EntryKind)(int)entry.Kind,
            Amount = entry.Amount,
            AvailableAfter = entry.AvailableAfter,
            HeldAfter = entry.HeldAfter,
            LotId = entry.LotId,
            HoldId = entry.HoldId,
            Feature = entry.Feature,
            Actor = entry.Actor,
            IdempotencyKey = entry.IdempotencyKey,
            CreatedAt = Timestamp.FromDateTimeOffset(entry.CreatedAt),
            Bucket = entry.Bucket is { } bucket ? (V1.Bucket)(int)bucket : V1.Bucket.Unspecified,
            Reference = entry.Reference,
            OwedAfter = entry.OwedAfter,
            Hash = entry.Hash is { } hash ? ByteString.CopyFrom(hash) : ByteString.Empty,
        };
        foreach (var part in entry.Parts)
        {
            proto.Parts.Add(new V1.LotPart { LotId = part.LotId, Amount = part.Amount });
        }
        foreach (var (key, value) in entry.Metadata)
        {
            proto.Metadata[key] = value;
        }
        return proto;
    }
}
