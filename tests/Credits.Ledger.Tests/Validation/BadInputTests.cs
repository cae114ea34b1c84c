using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Validation;

public sealed class BadInputTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private const string Caller = LedgerHarness.Caller;
    private static readonly IReadOnlyDictionary<string, string> None = LedgerHarness.NoMetadata;

    private static IEnumerable<TestCaseData> BadCommands()
    {
        GrantCommand Grant(string account = "user:1", long amount = 10, Bucket bucket = Bucket.Purchased, int? priority = null,
            string reference = "", string key = "k", IReadOnlyDictionary<string, string>? metadata = null) =>
            new(Caller, account, amount, bucket, null, priority, reference, key, metadata ?? None);
        ReserveCommand Reserve(long? amount = 5, string? feature = null, long quantity = 0, TimeSpan? ttl = null, string account = "user:1") =>
            new(Caller, account, amount, feature, quantity, ttl, "k", None);

        yield return Case("zero amount", Grant(amount: 0), "amount");
        yield return Case("negative amount", Grant(amount: -5), "amount");
        yield return Case("amount over 10^12", Grant(amount: 1_000_000_000_001), "amount");
        yield return Case("empty account id", Grant(account: ""), "account_id");
        yield return Case("account id over 128 characters", Grant(account: "user:" + new string('x', 124)), "account_id");
        yield return Case("account id with an unknown prefix", Grant(account: "team:1"), "account_id");
        yield return Case("account id with only a prefix", Grant(account: "user:"), "account_id");
        yield return Case("account id with a control character", Grant(account: "user:a\nb"), "account_id");
        yield return Case("unspecified bucket", Grant(bucket: 0), "bucket");
        yield return Case("priority over 1000", Grant(priority: 1001), "priority");
        yield return Case("negative priority", Grant(priority: -1), "priority");
        yield return Case("reference over 256 characters", Grant(reference: new string('r', 257)), "reference");
        yield return Case("missing idempotency key", Grant(key: ""), "idempotency_key");
        yield return Case("idempotency key over 128 characters", Grant(key: new string('k', 129)), "idempotency_key");
        yield return Case("idempotency key with non-ASCII", Grant(key: "clé"), "idempotency_key");
        yield return Case("65 metadata entries", Grant(metadata: Enumerable.Range(0, 65).ToDictionary(i => $"k{i}", _ => "v")), "metadata");
        yield return Case("metadata key over 64 characters", Grant(metadata: new Dictionary<string, string> { [new string('m', 65)] = "v" }),
            $"metadata[{new string('m', 65)}]");
        yield return Case("metadata value over 512 characters", Grant(metadata: new Dictionary<string, string> { ["note"] = new string('v', 513) }),
            "metadata[note]");
        yield return Case("reserve with neither amount nor feature", Reserve(amount: null), "amount");
        yield return Case("reserve with both amount and feature", Reserve(amount: 5, feature: "image.generate"), "feature");
        yield return Case("reserve of zero", Reserve(amount: 0), "amount");
        yield return Case("quantity without a feature", Reserve(quantity: 2), "quantity");
        yield return Case("negative quantity", Reserve(amount: null, feature: "image.generate", quantity: -1), "quantity");
        yield return Case("ttl under one second", Reserve(ttl: TimeSpan.FromMilliseconds(999)), "ttl");
        yield return Case("ttl over a day", Reserve(ttl: TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1)), "ttl");
        yield return Case("malformed hold id", new CommitCommand(Caller, "hold/../1", null, None), "hold_id");
        yield return Case("hold id over 64 characters", new ReleaseCommand(Caller, new string('h', 65)), "hold_id");
        yield return Case("empty hold id", new ReleaseCommand(Caller, ""), "hold_id");
        yield return Case("commit of zero", new CommitCommand(Caller, "hold_x", 0, None), "amount");
        yield return Case("claim of a user account as a lead", new ClaimLeadCommand(Caller, "user:1", "user:2", "k"), "lead_account_id");
        yield return Case("claim into a lead account", new ClaimLeadCommand(Caller, "lead:1", "lead:2", "k"), "user_account_id");
    }

    private static TestCaseData Case(string name, LedgerCommand command, string field) =>
        new TestCaseData(command, field).SetArgDisplayNames(name);

    [TestCaseSource(nameof(BadCommands))]
    public async Task Bad_input_is_invalid_names_its_field_and_changes_nothing(LedgerCommand command, string field)
    {
        await Ledger.Grant("user:1", 100);
        var before = await Ledger.History("user:1");

        var outcome = (await Ledger.Ledger.ExecuteBatchAsync([command])).Single();

        Assert.That(outcome.Error, Is.Not.Null);
        Assert.That(outcome.Error!.Kind, Is.EqualTo(LedgerErrorKind.InvalidRequest));
        Assert.That(outcome.Error.Field, Is.EqualTo(field));
        Assert.That(await Ledger.History("user:1"), Has.Count.EqualTo(before.Count));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(100));
    }

    [Test]
    public async Task An_unknown_feature_fails_with_feature_not_found()
    {
        await Ledger.Grant("user:1", 100);

        var error = await Fails(() => Ledger.Ledger.ReserveAsync(new ReserveCommand(Caller, "user:1", null, "teleport", 0, null, "k", None)));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.FeatureNotFound));
        Assert.That(error.Metadata["feature"], Is.EqualTo("teleport"));
    }

    [Test]
    public async Task A_feature_costs_its_price_times_quantity_and_quantity_zero_means_one()
    {
        await Ledger.Grant("user:1", 100);

        var three = await Ledger.Ledger.ReserveAsync(new ReserveCommand(Caller, "user:1", null, "image.generate", 3, null, "a", None));
        var one = await Ledger.Ledger.ReserveAsync(new ReserveCommand(Caller, "user:1", null, "image.generate", 0, null, "b", None));

        Assert.That((three.Amount, one.Amount), Is.EqualTo((15L, 5L)));
        var entry = (await Ledger.History("user:1")).Last();
        Assert.That(entry.Feature, Is.EqualTo("image.generate"), "the journal records the feature");
    }

    [Test]
    public async Task A_grant_that_would_push_an_account_past_its_maximum_is_invalid()
    {
        for (var i = 0; i < 1000; i += 100)
        {
            await Ledger.Ledger.ExecuteBatchAsync(Enumerable.Range(i, 100)
                .Select(_ => (LedgerCommand)Ledger.GrantCommand("user:rich", 1_000_000_000_000)).ToList());
        }

        var error = await Fails(() => Ledger.Grant("user:rich", 1));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InvalidRequest));
        Assert.That(error.Field, Is.EqualTo("amount"));
    }
}
