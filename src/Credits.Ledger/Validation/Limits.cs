namespace Credits.Ledger.Validation;

/// <summary>Every limit of the contract, with its unit in the name.</summary>
public static class Limits
{
    /// <summary>The largest amount one request may move.</summary>
    public const long AmountMax = 1_000_000_000_000;
    /// <summary>The largest quantity of a priced feature in one reserve.</summary>
    public const long QuantityMax = 1_000_000;
    /// <summary>Account ids are at most this long.</summary>
    public const int AccountIdLengthMax = 128;
    /// <summary>Hold and lot ids are at most this long.</summary>
    public const int OpaqueIdLengthMax = 64;
    /// <summary>Idempotency keys are at most this long.</summary>
    public const int IdempotencyKeyLengthMax = 128;
    /// <summary>Feature names are at most this long.</summary>
    public const int FeatureLengthMax = 128;
    /// <summary>A feature-scoped lot names at most this many features.</summary>
    public const int LotFeaturesMax = 16;
    /// <summary>Metadata holds at most this many entries.</summary>
    public const int MetadataEntriesMax = 64;
    /// <summary>Metadata keys are at most this long.</summary>
    public const int MetadataKeyLengthMax = 64;
    /// <summary>Metadata values are at most this long.</summary>
    public const int MetadataValueLengthMax = 512;
    /// <summary>References are at most this long.</summary>
    public const int ReferenceLengthMax = 256;
    /// <summary>The lowest burn-down priority.</summary>
    public const int PriorityMin = 0;
    /// <summary>The highest burn-down priority.</summary>
    public const int PriorityMax = 1000;
    /// <summary>The shortest hold TTL.</summary>
    public static readonly TimeSpan HoldTtlMin = TimeSpan.FromSeconds(1);
    /// <summary>The longest hold TTL.</summary>
    public static readonly TimeSpan HoldTtlMax = TimeSpan.FromHours(24);
    /// <summary>The TTL of a hold whose request names none.</summary>
    public static readonly TimeSpan HoldTtlDefault = TimeSpan.FromMinutes(5);
}
