using Credits.Ledger.Errors;

namespace Credits.Ledger.Validation;

/// <summary>Field checks that throw INVALID_ARGUMENT naming the field; one place for every input rule.</summary>
internal static class Require
{
    public static void Amount(long amount, string field)
    {
        if (amount <= 0)
        {
            throw LedgerErrors.Invalid(field, $"{field} must be positive.");
        }
        if (amount > Limits.AmountMax)
        {
            throw LedgerErrors.Invalid(field, $"{field} must be at most {Limits.AmountMax}.");
        }
    }

    public static void IdempotencyKey(string? key, string field = "idempotency_key")
    {
        if (string.IsNullOrEmpty(key))
        {
            throw LedgerErrors.Invalid(field, $"{field} is required.");
        }
        if (key.Length > Limits.IdempotencyKeyLengthMax || !Text.IsPrintableAscii(key))
        {
            throw LedgerErrors.Invalid(field, $"{field} must be 1 to {Limits.IdempotencyKeyLengthMax} printable ASCII characters.");
        }
    }

    public static void OpaqueId(string? id, string field)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw LedgerErrors.Invalid(field, $"{field} is required.");
        }
        if (id.Length > Limits.OpaqueIdLengthMax || !Text.IsOpaqueId(id))
        {
            throw LedgerErrors.Invalid(field, $"{field} must be 1 to {Limits.OpaqueIdLengthMax} of [A-Za-z0-9_-].");
        }
    }

    public static void Metadata(IReadOnlyDictionary<string, string> metadata, string field = "metadata")
    {
        if (metadata.Count > Limits.MetadataEntriesMax)
        {
            throw LedgerErrors.Invalid(field, $"{field} has more than {Limits.MetadataEntriesMax} entries.");
        }
        foreach (var (key, value) in metadata)
        {
            if (key.Length == 0 || key.Length > Limits.MetadataKeyLengthMax)
            {
                throw LedgerErrors.Invalid($"{field}[{key}]", $"{field} keys must be 1 to {Limits.MetadataKeyLengthMax} characters.");
            }
            if (value.Length > Limits.MetadataValueLengthMax)
            {
                throw LedgerErrors.Invalid($"{field}[{key}]", $"{field} values must be at most {Limits.MetadataValueLengthMax} characters.");
            }
        }
    }

    public static void MaxLength(string value, int lengthMax, string field)
    {
        if (value.Length > lengthMax)
        {
            throw LedgerErrors.Invalid(field, $"{field} is longer than {lengthMax} characters.");
        }
    }
}
