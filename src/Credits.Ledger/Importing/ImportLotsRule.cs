using System.Globalization;
using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Importing;

/// <summary>
/// ImportLots: rows of an older credits table in one transaction, all or nothing. Every account is
/// declared to the batch, which locks them in its one order. A balance row becomes a lot (a GRANT
/// entry, which first repays what the account owes, as every grant does); a history row a NOTE entry.
/// Each (account, source id) is recorded in <c>imported_rows</c> with the row's fingerprint, so a row
/// met again is reported, not applied: as already imported when it is the same, as changed when not.
/// Everything is checked before anything is applied (expiries, each account's room for the credits
/// and lots), so one bad row applies nothing.
/// </summary>
internal sealed class ImportLotsRule : CommandRule<ImportLotsCommand, ImportLotsResult>
{
    /// <summary>Rows per call: each names a locked, loaded account in the one transaction, as a bulk gift's recipients do.</summary>
    public const int RowsMax = 1_000;

    /// <summary>Source ids are the older system's row ids: bounded like idempotency keys.</summary>
    public const int SourceIdLengthMax = 128;

    /// <summary>Where each row's source id, time and note go on its journal entry.</summary>
    public const string SourceIdKey = "import.source_id";
    public const string OccurredAtKey = "import.occurred_at";
    public const string NoteKey = "import.note";
    public const string CreditsKey = "import.credits";

    /// <summary>Buckets an imported balance may have: leads' allowances and rollovers come only from their own rules.</summary>
    private static readonly HashSet<Bucket> ImportableBuckets =
        [Bucket.Free, Bucket.Purchased, Bucket.Subscription, Bucket.Gift, Bucket.Referral, Bucket.Promo, Bucket.Refund, Bucket.Adjustment];

    protected override void Validate(ImportLotsCommand command)
    {
        if (command.Rows is null || command.Rows.Count is 0 or > RowsMax)
        {
            throw LedgerErrors.Invalid("rows", $"rows must hold 1 to {RowsMax} entries.").ToException();
        }
        var seen = new HashSet<ImportedRowKey>();
        for (var i = 0; i < command.Rows.Count; i++)
        {
            var row = command.Rows[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"rows[{i}]");
            if (string.IsNullOrEmpty(row.SourceId))
            {
                throw LedgerErrors.Invalid(field + ".source_id", $"{field}.source_id is required.").ToException();
            }
            Require.MaxLength(row.SourceId, SourceIdLengthMax, field + ".source_id");
            AccountIds.Parse(row.AccountId, field + ".account_id");
            if (!seen.Add(new ImportedRowKey(row.AccountId, row.SourceId)))
            {
                throw LedgerErrors.Invalid(field + ".source_id", $"{field}.source_id is listed twice for account {row.AccountId}.").ToException();
            }
            switch (row.Kind)
            {
                case ImportRowKind.Balance:
                    Require.Amount(row.Credits, field + ".credits");
                    if (!ImportableBuckets.Contains(row.Bucket))
                    {
                        throw LedgerErrors.Invalid(field + ".bucket",
                            $"{field}.bucket must be one of {string.Join(", ", ImportableBuckets.Select(bucket => bucket.ToString().ToLowerInvariant()))}.").ToException();
                    }
                    break;
                case ImportRowKind.History:
                    if (row.Credits == 0 || Math.Abs(row.Credits) > Limits.AmountMax)
                    {
                        throw LedgerErrors.Invalid(field + ".credits", $"{field}.credits of a history row must be non-zero and at most {Limits.AmountMax} either way.").ToException();
                    }
                    if (row.ExpiresAt is not null)
                    {
                        throw LedgerErrors.Invalid(field + ".expires_at", $"{field}.expires_at is for balance rows only.").ToException();
                    }
                    break;
                default:
                    throw LedgerErrors.Invalid(field + ".kind", $"{field}.kind must be balance or history.").ToException();
            }
            Require.MaxLength(row.Note, Limits.ReferenceLengthMax, field + ".note");
        }
    }

    protected override void Declare(ImportLotsCommand command, LoadPlan plan)
    {
        foreach (var row in command.Rows)
        {
            plan.Account(row.AccountId, create: true);
            plan.Want(BatchEntities.ImportedRows, new ImportedRowKey(row.AccountId, row.SourceId));
        }
    }

    // Any lane will do: the batch locks every account the rows name, in its one order.
    protected override uint Partition(ImportLotsCommand command) => Ids.Partition(command.Rows[0].AccountId);

    protected override Decision<ImportLotsResult> Decide(ImportLotsCommand command, Batch batch)
    {
        var context = batch.Context;
        var imported = batch.Set(BatchEntities.ImportedRows);
        var outcomes = new ImportRowOutcome[command.Rows.Count];
        var lotIds = new string[command.Rows.Count];
        var fresh = new List<int>();
        for (var i = 0; i < command.Rows.Count; i++)
        {
            var row = command.Rows[i];
            if (imported.Find(new ImportedRowKey(row.AccountId, row.SourceId)) is { } earlier)
            {
                outcomes[i] = earlier.Fingerprint == FingerprintOf(row) ? ImportRowOutcome.AlreadyImported : ImportRowOutcome.Changed;
                lotIds[i] = earlier.LotId;
                continue;
            }
            fresh.Add(i);
        }
        if (ExpiredRow(command, context.Now, fresh) is { } expired)
        {
            return expired;
        }
        if (RoomForFreshRows(command, fresh, batch) is { } full)
        {
            return full;
        }
        foreach (var i in fresh)
        {
            var row = command.Rows[i];
            var account = batch.Accounts[row.AccountId];
            lotIds[i] = row.Kind == ImportRowKind.Balance ? account.Grant(GrantOf(command.Actor, row), context).LotId : NoteOf(account, command.Actor, row, context);
            outcomes[i] = ImportRowOutcome.Imported;
            imported.Add(ImportedRow.Record(new ImportedRowKey(row.AccountId, row.SourceId), FingerprintOf(row), lotIds[i], Clock.ToMs(context.Now)));
        }
        return new ImportLotsResult(outcomes, lotIds);
    }

    /// <summary>The error naming the first of <paramref name="rows"/> (all when null) whose credits have expired by <paramref name="now"/>.</summary>
    internal static LedgerError? ExpiredRow(ImportLotsCommand command, DateTimeOffset now, IEnumerable<int>? rows = null)
    {
        foreach (var i in rows ?? Enumerable.Range(0, command.Rows.Count))
        {
            if (LotExpiry.Refuse(command.Rows[i].ExpiresAt, now, string.Create(CultureInfo.InvariantCulture, $"rows[{i}].expires_at")) is { } expired)
            {
                return expired;
            }
        }
        return null;
    }

    /// <summary>What a repeated row must match to count as the same row.</summary>
    internal static string FingerprintOf(ImportRow row) => Digest(
        "import", N((int)row.Kind), N(row.Credits), N((int)row.Bucket), N(Clock.ToMs(row.ExpiresAt)), N(Clock.ToMs(row.OccurredAt)), row.Note);

    // Each account must have room for all its new rows' credits and lots together.
    private static LedgerError? RoomForFreshRows(ImportLotsCommand command, List<int> fresh, Batch batch)
    {
        foreach (var group in fresh.Where(i => command.Rows[i].Kind == ImportRowKind.Balance).GroupBy(i => command.Rows[i].AccountId, StringComparer.Ordinal))
        {
            var account = batch.Accounts[group.Key];
            var credits = group.Sum(i => command.Rows[i].Credits);
            var field = string.Create(CultureInfo.InvariantCulture, $"rows[{group.Last()}].credits");
            if ((account.RoomFor(credits, field) ?? account.RoomForLots(group.Count(), batch.Context.Options)) is { } full)
            {
                return full;
            }
        }
        return null;
    }

    private static GrantCommand GrantOf(string actor, ImportRow row) =>
        new(actor, row.AccountId, row.Credits, row.Bucket, row.ExpiresAt, Priority: null, Reference: "import:" + row.SourceId,
            IdempotencyKey: "import:" + row.SourceId, MetadataOf(row));

    private static string NoteOf(Account account, string actor, ImportRow row, RuleContext context)
    {
        var metadata = MetadataOf(row);
        metadata[CreditsKey] = row.Credits.ToString(CultureInfo.InvariantCulture);
        account.Note(new NoteCommand(actor, row.AccountId, "import:" + row.SourceId, "import:" + row.SourceId, metadata), context);
        return "";
    }

    private static Dictionary<string, string> MetadataOf(ImportRow row)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [SourceIdKey] = row.SourceId };
        if (row.OccurredAt is { } occurredAt)
        {
            metadata[OccurredAtKey] = occurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
        if (row.Note.Length > 0)
        {
            metadata[NoteKey] = row.Note;
        }
        return metadata;
    }
}
