using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Validation;

/// <summary>
/// Free text a caller chooses (references, metadata keys and values) is plain text: control
/// characters (PostgreSQL cannot store NUL; the rest corrupt logs, CSV and terminals), bidirectional
/// formatting characters (they make text display as something else) and unpaired surrogates are
/// refused as INVALID_REQUEST naming the field, before the command joins a batch.
/// </summary>
public sealed class PlainTextTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private const string Caller = LedgerHarness.Caller;

    private static readonly string[] Forbidden =
        ["\0", "\u0007", "\t", "\n", "\u001B", "\u007F", "\u0085", "\u009F", "\u202E", "\u2066", "\u2069", "\u200F", "\u061C", "\uD800", "\uDC00"];

    private GrantCommand Grant(string reference = "ref", IReadOnlyDictionary<string, string>? metadata = null) =>
        new(Caller, "user:1", 10, Bucket.Purchased, null, null, reference, Ledger.NewKey(), metadata ?? LedgerHarness.NoMetadata);

    private async Task AssertRefusedNamingAndChangesNothing(LedgerCommand command, string field)
    {
        var before = await Ledger.History("user:1");

        var outcome = (await Ledger.Ledger.ExecuteBatchAsync([command])).Single();

        Assert.That(outcome.Error?.Kind, Is.EqualTo(LedgerErrorKind.InvalidRequest));
        Assert.That(outcome.Error!.Field, Is.EqualTo(field));
        Assert.That(await Ledger.History("user:1"), Has.Count.EqualTo(before.Count));
    }

    [TestCaseSource(nameof(Forbidden))]
    public async Task A_reference_holding_a_forbidden_character_is_refused(string character)
    {
        await Ledger.Grant("user:1", 1);

        await AssertRefusedNamingAndChangesNothing(Grant(reference: $"order{character}42"), "reference");
    }

    [TestCaseSource(nameof(Forbidden))]
    public async Task A_metadata_value_holding_a_forbidden_character_is_refused(string character)
    {
        await Ledger.Grant("user:1", 1);

        await AssertRefusedNamingAndChangesNothing(Grant(metadata: new Dictionary<string, string> { ["note"] = $"a{character}b" }), "metadata[note]");
    }

    [Test]
    public async Task A_metadata_key_holding_a_forbidden_character_is_refused_and_named_escaped()
    {
        await Ledger.Grant("user:1", 1);

        await AssertRefusedNamingAndChangesNothing(Grant(metadata: new Dictionary<string, string> { ["no\0te"] = "v" }), "metadata[no\\u0000te]");
    }

    [Test]
    public async Task A_note_reference_holding_nul_is_refused()
    {
        await Ledger.Grant("user:1", 1);

        await AssertRefusedNamingAndChangesNothing(
            new NoteCommand(Caller, "user:1", "dispute\0", Ledger.NewKey(), LedgerHarness.NoMetadata), "reference");
    }

    [Test]
    public async Task Other_languages_and_emoji_are_plain_text_and_stored_as_sent()
    {
        const string text = "Zoë's 注文 🎉 — résumé";

        await Ledger.Ledger.GrantAsync(Grant(reference: text, metadata: new Dictionary<string, string> { ["note"] = text }));

        var entry = (await Ledger.History("user:1")).Last();
        Assert.That(entry.Reference, Is.EqualTo(text));
        Assert.That(entry.Metadata["note"], Is.EqualTo(text));
    }

    [Test]
    public async Task A_refused_command_does_not_fail_the_commands_batched_with_it()
    {
        var batch = new List<LedgerCommand> { Grant(), Grant(reference: "bad\0"), Grant(), Grant(metadata: new Dictionary<string, string> { ["n"] = "\u202E" }), Grant() };

        var outcomes = await Ledger.Ledger.ExecuteBatchAsync(batch);

        Assert.That(outcomes.Select(outcome => outcome.Error?.Kind), Is.EqualTo(new LedgerErrorKind?[]
            { null, LedgerErrorKind.InvalidRequest, null, LedgerErrorKind.InvalidRequest, null }));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(30));
    }
}
