using Credits.Ledger.Errors;

namespace Credits.Ledger.Validation;

/// <summary>Field checks that throw INVALID_ARGUMENT naming the field; one place for every input rule.</summary>
internal static class Require
{
    public static void Amount(long amount, string field)
    {
        if (amount <= 0)
        {
            throw LedgerErrors.Invalid(field, $"{field} must be positive.").ToException();
        }
        if (amount > Limits.AmountMax)
        {
            throw LedgerErrors.Invalid(field, $"{field} must be at most {Limits.AmountMax}.").ToException();
        }
    }

    public static void IdempotencyKey(string? key, string field = "idempotency_key")
    {
        if (string.IsNullOrEmpty(key))
        {
            throw LedgerErrors.Invalid(field, $"{field} is required.").ToException();
        }
        if (key.Length > Limits.IdempotencyKeyLengthMax || !Text.IsPrintableAscii(key))
        {
            throw LedgerErrors.Invalid(field, $"{field} must be 1 to {Limits.IdempotencyKeyLengthMax} printable ASCII characters.").ToException();
        }
    }

    public static void OpaqueId(string? id, string field)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw LedgerErrors.Invalid(field, $"{field} is required.").ToException();
        }
        if (id.Length > Limits.OpaqueIdLengthMax || !Text.IsOpaqueId(id))
        {
            throw LedgerErrors.Invalid(field, $"{field} must be 1 to {Limits.OpaqueIdLengthMax} of [A-Za-z0-9_-].").ToException();
        }
    }

    public static void Metadata(IReadOnlyDictionary<string, string> metadata, string field = "metadata")
    {
        if (metadata.Count > Limits.MetadataEntriesMax)
        {
            throw LedgerErrors.Invalid(field, $"{field} has more than {Limits.MetadataEntriesMax} entries.").ToException();
        }
        foreach (var (key, value) in metadata)
        {
            if (key.Length == 0 || key.Length > Limits.MetadataKeyLengthMax)
            {
                throw LedgerErrors.Invalid($"{field}[{key}]", $"{field} keys must be 1 to {Limits.MetadataKeyLengthMax} characters.").ToException();
            }
            if (value.Length > Limits.MetadataValueLengthMax)
            {
                throw LedgerErrors.Invalid($"{field}[{key}]", $"{field} values must be at most {Limits.MetadataValueLengthMax} characters.").ToException();
            }
            PlainText(key, $"{field}[{Printable(key)}]");
            PlainText(value, $"{field}[{Printable(key)}]");
        }
    }

    /// <summary>A business reference (a refund or dispute id): required, and bounded.</summary>
    public static void Reference(string reference, string field = "reference")
    {
        if (string.IsNullOrEmpty(reference))
        {
            throw LedgerErrors.Invalid(field, $"{field} is required.").ToException();
        }
        MaxLength(reference, Limits.ReferenceLengthMax, field);
    }

    /// <summary>Free text a caller chose (a reference): bounded, and plain text (see <see cref="PlainText"/>).</summary>
    public static void MaxLength(string value, int lengthMax, string field)
    {
        if (value.Length > lengthMax)
        {
            throw LedgerErrors.Invalid(field, $"{field} is longer than {lengthMax} characters.").ToException();
        }
        PlainText(value, field);
    }

    /// <summary>Refuses control, bidirectional-formatting and unpaired surrogate characters (<see cref="Text.IndexOfForbidden"/>).</summary>
    public static void PlainText(string value, string field)
    {
        if (Text.IndexOfForbidden(value) is var index and >= 0)
        {
            throw LedgerErrors.Invalid(field,
                $"{field} must not contain control or bidirectional formatting characters (U+{(int)value[index]:X4} at index {index}).").ToException();
        }
    }

    /// <summary>A metadata key as it may appear in an error's field name: forbidden characters escaped.</summary>
    private static string Printable(string key) =>
        Text.IndexOfForbidden(key) < 0 ? key : string.Concat(key.Select(c => Text.IndexOfForbidden(c.ToString()) < 0 ? c.ToString() : $"\\u{(int)c:X4}"));
}
