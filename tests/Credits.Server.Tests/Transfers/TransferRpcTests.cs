using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Transfers;

/// <summary>
/// Transfer through a real server and the .NET client: the answer, the retry, and each refusal as
/// its status and ErrorInfo reason from the one error table, with the daily limit bound from
/// <c>Ledger:Transfers:DailyLimit</c>.
/// </summary>
public sealed class TransferRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private const long DailyLimit = 100;

    protected override ServerSettings Settings => ServerSettings.Default with
    {
        Configuration = new Dictionary<string, string?> { ["Ledger:Transfers:DailyLimit"] = "100" },
    };

    private static TransferRequest Request(string from, string to, long amount, string? key = null) =>
        new() { FromAccountId = from, ToAccountId = to, Amount = amount, IdempotencyKey = key ?? NewKey(), Note = "thanks" };

    [Test]
    public async Task A_transfer_answers_what_moved_with_both_balances_and_a_retry_answers_the_same()
    {
        var (alice, bob) = (NewAccount(), NewAccount());
        await Grant(alice, 50, expiresAt: Now.AddDays(3));
        var request = Request(alice, bob, 20);

        var first = await Writer.TransferAsync(request);
        var retry = await Writer.TransferAsync(request);

        Assert.That(first.Moved, Is.EqualTo(20));
        Assert.That((first.FromBalance.AccountId, first.FromBalance.Available), Is.EqualTo((alice, 30L)));
        Assert.That((first.ToBalance.AccountId, first.ToBalance.Available), Is.EqualTo((bob, 20L)));
        Assert.That(first.ToBalance.Buckets.Single().Bucket, Is.EqualTo(Bucket.Gift));
        Assert.That(first.ToBalance.NextExpiry.ExpiresAt, Is.EqualTo(first.FromBalance.NextExpiry.ExpiresAt), "the gift keeps the source's expiry");
        Assert.That(retry, Is.EqualTo(first));
        var received = (await History(bob)).Single();
        Assert.That((received.Kind, received.Amount, received.Reference, received.Metadata["note"]),
            Is.EqualTo((EntryKind.TransferIn, 20L, alice, "thanks")));
        Assert.That((await History(alice)).Last().Kind, Is.EqualTo(EntryKind.TransferOut));
    }

    [Test]
    public async Task Too_few_credits_is_failed_precondition_insufficient_credits()
    {
        var alice = NewAccount();
        await Grant(alice, 5);

        var error = await Assert.ThrowsAsync<InsufficientCreditsException>(() => Writer.TransferAsync(Request(alice, NewAccount(), 6)));

        Assert.That((error!.StatusCode, error.Reason), Is.EqualTo((StatusCode.FailedPrecondition, CreditsErrorReasons.InsufficientCredits)));
        Assert.That((error.Available, error.Requested), Is.EqualTo(((long?)5, (long?)6)));
    }

    [Test]
    public async Task Passing_the_configured_daily_limit_is_resource_exhausted_transfer_limit_exceeded_and_moves_nothing()
    {
        var (alice, bob) = (NewAccount(), NewAccount());
        await Grant(alice, 500);
        await Writer.TransferAsync(Request(alice, bob, 90));

        var error = await Assert.ThrowsAsync<CreditsException>(() => Writer.TransferAsync(Request(alice, bob, 11)));

        Assert.That((error!.StatusCode, error.Reason), Is.EqualTo((StatusCode.ResourceExhausted, CreditsErrorReasons.TransferLimitExceeded)));
        Assert.That(error.Metadata, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["limit"] = DailyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["used"] = "90",
            ["requested"] = "11",
        }));
        Assert.That((await Writer.GetBalanceAsync(bob)).Available, Is.EqualTo(90));
    }

    [TestCase("self", "to_account_id")]
    [TestCase("from a lead", "from_account_id")]
    [TestCase("to a lead", "to_account_id")]
    [TestCase("zero", "amount")]
    [TestCase("no key", "idempotency_key")]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string mistake, string field)
    {
        var alice = NewAccount();
        await Grant(alice, 10);
        var request = mistake switch
        {
            "self" => Request(alice, alice, 1),
            "from a lead" => Request("lead:" + Guid.NewGuid().ToString("N"), alice, 1),
            "to a lead" => Request(alice, "lead:" + Guid.NewGuid().ToString("N"), 1),
            "zero" => Request(alice, NewAccount(), 0),
            _ => Request(alice, NewAccount(), 1, key: ""),
        };

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => Writer.TransferAsync(request));

        Assert.That((error!.StatusCode, error.Reason, error.Field), Is.EqualTo((StatusCode.InvalidArgument, CreditsErrorReasons.InvalidRequest, field)));
        Assert.That((await Writer.GetBalanceAsync(alice)).Available, Is.EqualTo(10));
    }

    [Test]
    public async Task The_same_key_with_another_amount_is_already_exists_idempotency_key_reused()
    {
        var (alice, bob) = (NewAccount(), NewAccount());
        await Grant(alice, 10);
        await Writer.TransferAsync(Request(alice, bob, 3, key: "gift"));

        var error = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => Writer.TransferAsync(Request(alice, bob, 4, key: "gift")));

        Assert.That((error!.StatusCode, error.Reason), Is.EqualTo((StatusCode.AlreadyExists, CreditsErrorReasons.IdempotencyKeyReused)));
    }

    [Test]
    public async Task A_read_only_key_is_permission_denied()
    {
        var alice = NewAccount();
        await Grant(alice, 10);

        var error = await Assert.ThrowsAsync<CreditsAuthException>(() => Reader.TransferAsync(Request(alice, NewAccount(), 1)));

        Assert.That((error!.StatusCode, error.Reason), Is.EqualTo((StatusCode.PermissionDenied, "SCOPE_MISSING")));
    }
}
