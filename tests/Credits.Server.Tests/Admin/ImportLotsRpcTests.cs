using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Server.Tests.Admin;

/// <summary>AdminService.ImportLots through a real server and the generated client: admin scope only, once per source id, a bad row applies nothing.</summary>
public sealed class ImportLotsRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private AdminService.AdminServiceClient Admin => new(Server.Channel);

    private static ImportRow Row(string source, string account, long credits, Bucket bucket = Bucket.Purchased) =>
        new() { SourceId = source, AccountId = account, Kind = ImportRowKind.Balance, Credits = credits, Bucket = bucket };

    private Task<ImportLotsResponse> Import(string key, bool validateOnly, params ImportRow[] rows) =>
        Admin.ImportLotsAsync(new ImportLotsRequest { Rows = { rows }, ValidateOnly = validateOnly }, LedgerServer.Bearer(key)).ResponseAsync;

    [Test]
    public async Task Rows_are_imported_once_and_the_journal_names_their_source()
    {
        var account = NewAccount();
        var history = new ImportRow
        {
            SourceId = "old-3", AccountId = account, Kind = ImportRowKind.History, Credits = -4,
            OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)), Note = "spent",
        };

        var first = await Import(TestKeys.Admin, false, Row("old-1", account, 30), Row("old-2", account, 5, Bucket.Free), history);
        var again = await Import(TestKeys.Admin, false, Row("old-1", account, 30), Row("old-2", account, 6, Bucket.Free));
        var entries = new List<JournalEntry>();
        await foreach (var entry in Writer.StreamHistoryAsync(account, follow: false))
        {
            entries.Add(entry);
        }

        Assert.That((first.Imported, first.AlreadyImported, first.Changed), Is.EqualTo((3, 0, 0)));
        Assert.That(again.Rows.Select(row => row.Outcome),
            Is.EqualTo(new[] { ImportRowOutcome.AlreadyImported, ImportRowOutcome.Changed }));
        Assert.That(again.Rows[0].LotId, Is.EqualTo(first.Rows[0].LotId));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.EqualTo(35));
        Assert.That(entries.Select(entry => (entry.Kind, entry.Amount, entry.Reference, entry.Actor)), Is.EqualTo(new[]
        {
            (EntryKind.Grant, 30L, "import:old-1", TestKeys.AdminName),
            (EntryKind.Grant, 5L, "import:old-2", TestKeys.AdminName),
            (EntryKind.Note, 0L, "import:old-3", TestKeys.AdminName),
        }));
        Assert.That(entries[2].Metadata["import.occurred_at"], Is.EqualTo("2025-03-01T12:00:00Z"));
    }

    [Test]
    public async Task A_bad_row_is_invalid_argument_naming_it_validate_only_writes_nothing_and_a_writer_key_is_denied()
    {
        var account = NewAccount();

        var bad = await RpcFailure(() => Import(TestKeys.Admin, false, Row("old-1", account, 10), Row("old-2", account, 0)));
        var noBucket = await RpcFailure(() => Import(TestKeys.Admin, true, Row("old-1", account, 10, Bucket.Unspecified)));
        var checkedOnly = await Import(TestKeys.Admin, true, Row("old-1", account, 10));
        var denied = await RpcFailure(() => Import(TestKeys.Writer, false, Row("old-1", account, 10)));

        Assert.That((bad.StatusCode, ErrorInfoOf(bad).Reason), Is.EqualTo((StatusCode.InvalidArgument, "INVALID_REQUEST")));
        Assert.That(BadRequestOf(bad)!.FieldViolations.Single().Field, Is.EqualTo("rows[1].credits"));
        Assert.That(BadRequestOf(noBucket)!.FieldViolations.Single().Field, Is.EqualTo("rows[0].bucket"));
        Assert.That((checkedOnly.Rows.Count, checkedOnly.Imported), Is.EqualTo((0, 0)), "validate_only answers with no rows");
        Assert.That((denied.StatusCode, ErrorInfoOf(denied).Reason), Is.EqualTo((StatusCode.PermissionDenied, "SCOPE_MISSING")));
        Assert.That((await Writer.GetBalanceAsync(account)).Available, Is.Zero, "nothing of a refused or checked call was applied");
    }
}
