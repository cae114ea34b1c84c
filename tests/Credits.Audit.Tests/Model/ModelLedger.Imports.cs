using System.Globalization;
using Credits.Audit.Tests.Checking;
using Credits.Audit.Tests.Support;
using Credits.Ledger.Commands;
using Credits.V1;
using DomainBucket = Credits.Ledger.Lots.Bucket;
using ImportRow = Credits.Ledger.Commands.ImportRow;
using ImportRowKind = Credits.Ledger.Commands.ImportRowKind;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// ImportLots, restated from the contract (docs/import.md): rows of an older credits table in one
/// transaction, all or nothing. A balance row is a grant of a lot (reference and key
/// <c>import:&lt;source id&gt;</c>, metadata <c>import.*</c>), a history row a note; each (account,
/// source id) is applied once, ever: met again it is already imported, or changed when its content differs.
/// </summary>
public sealed partial class ModelLedger
{
    private static readonly HashSet<DomainBucket> ImportableBuckets =
        [DomainBucket.Free, DomainBucket.Purchased, DomainBucket.Subscription, DomainBucket.Gift, DomainBucket.Referral, DomainBucket.Promo,
            DomainBucket.Refund, DomainBucket.Adjustment];

    // Every row the ledger has imported, by (account, source id): the row as first imported and its lot.
    private readonly Dictionary<(string AccountId, string SourceId), (ImportRow Row, ModelLot? Lot)> _imported = [];

    /// <summary>The outcome, and per row the lot a fresh balance row made (to learn its id from the reply).</summary>
    public (Expected Outcome, IReadOnlyList<ModelLot?> NewLots) ImportLots(ImportLotsCommand command)
    {
        if (ImportInvalid(command) is { } field)
        {
            Coverage.Count("import refused: a bad row");
            return (Expected.Fail(Invalid(field), ModelChannel.Ledger), []);
        }
        // Every account is created when the batch loads it, whatever the outcome.
        foreach (var row in command.Rows)
        {
            Touch(Account(row.AccountId), create: true);
        }
        var outcomes = new string[command.Rows.Count];
        for (var i = 0; i < command.Rows.Count; i++)
        {
            var row = command.Rows[i];
            if (_imported.TryGetValue((row.AccountId, row.SourceId), out var earlier))
            {
                outcomes[i] = earlier.Row == row ? "already_imported" : "changed";
                Coverage.Count(earlier.Row == row ? "import row already imported" : "import row changed since its import");
            }
            else if (row.ExpiresAt is { } expiresAt && ModelTime.ToMs(expiresAt) <= NowMs)
            {
                Coverage.Count("import refused: expired credits");
                return (Expected.Fail(Invalid($"rows[{i.ToString(CultureInfo.InvariantCulture)}].expires_at"), ModelChannel.Ledger), []);
            }
        }
        var newLots = new ModelLot?[command.Rows.Count];
        for (var i = 0; i < command.Rows.Count; i++)
        {
            if (outcomes[i] is not null)
            {
                continue;
            }
            var row = command.Rows[i];
            var account = Account(row.AccountId);
            var key = "import:" + row.SourceId;
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["import.source_id"] = row.SourceId };
            if (row.OccurredAt is { } occurredAt)
            {
                metadata["import.occurred_at"] = occurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }
            if (row.Note.Length > 0)
            {
                metadata["import.note"] = row.Note;
            }
            if (row.Kind == ImportRowKind.Balance)
            {
                var bucket = (Bucket)(int)row.Bucket;
                var lot = account.AddLot(bucket, AuditConfiguration.DefaultPriorities[bucket], row.ExpiresAt is { } e ? ModelTime.ToMs(e) : null, NowMs, row.Credits);
                account.Append(NowMs, EntryKind.Grant, row.Credits, Actor, key, metadata, lot: lot, parts: [new ModelPart(lot, row.Credits)],
                    bucket: bucket, reference: key);
                account.RepayDebts([lot], Actor, NowMs);
                newLots[i] = lot;
                Coverage.Count("import of a balance");
            }
            else
            {
                metadata["import.credits"] = row.Credits.ToString(CultureInfo.InvariantCulture);
                account.Note(key, Actor, key, metadata, NowMs);
                Coverage.Count("import of a history row");
            }
            outcomes[i] = "imported";
            _imported[(row.AccountId, row.SourceId)] = (row, newLots[i]);
        }
        var reply = LedgerReplies.ImportLots(outcomes);
        return (Expected.Text(() => reply), newLots);
    }

    // The field validation names, in the order it checks them; null when the rows are well formed.
    private static string? ImportInvalid(ImportLotsCommand command)
    {
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < command.Rows.Count; i++)
        {
            var row = command.Rows[i];
            var field = $"rows[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (!seen.Add((row.AccountId, row.SourceId)))
            {
                return field + ".source_id";
            }
            if (row.Kind == ImportRowKind.Balance && (row.Credits is <= 0 or > AmountMax))
            {
                return field + ".credits";
            }
            if (row.Kind == ImportRowKind.Balance && !ImportableBuckets.Contains(row.Bucket))
            {
                return field + ".bucket";
            }
            if (row.Kind == ImportRowKind.History && (row.Credits == 0 || Math.Abs(row.Credits) > AmountMax))
            {
                return field + ".credits";
            }
        }
        return null;
    }
}
