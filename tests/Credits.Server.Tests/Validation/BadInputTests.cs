using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Server.Tests.Validation;

/// <summary>
/// Bad input over gRPC: the right status, reason and field, never INTERNAL, and nothing changes.
/// </summary>
public sealed class BadInputTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private const string InvalidRequest = "INVALID_REQUEST";
    private const long OverLimit = 1_000_000_000_001;

    private static IEnumerable<TestCaseData> BadCalls()
    {
        static GrantRequest Grant(BadCallContext c, Action<GrantRequest>? change = null)
        {
            var request = new GrantRequest { AccountId = c.AccountId, Amount = 10, Bucket = Bucket.Purchased, IdempotencyKey = NewKey() };
            change?.Invoke(request);
            return request;
        }
        static ReserveRequest Reserve(BadCallContext c, Action<ReserveRequest>? change = null)
        {
            var request = new ReserveRequest { AccountId = c.AccountId, Amount = 5, IdempotencyKey = NewKey() };
            change?.Invoke(request);
            return request;
        }
        static Task GrantCall(BadCallContext c, Action<GrantRequest> change) => c.Client.GrantAsync(Grant(c, change), c.Headers).ResponseAsync;
        static Task ReserveCall(BadCallContext c, Action<ReserveRequest> change) => c.Client.ReserveAsync(Reserve(c, change), c.Headers).ResponseAsync;
        static Task CommitCall(BadCallContext c, string? holdId = null, long? amount = null)
        {
            var request = new CommitRequest { HoldId = holdId ?? c.HoldId };
            if (amount is { } value)
            {
                request.Amount = value;
            }
            return c.Client.CommitAsync(request, c.Headers).ResponseAsync;
        }
        static BadCall Invalid(string name, Func<BadCallContext, Task> call, string field) =>
            new(name, call, StatusCode.InvalidArgument, InvalidRequest, field, new Dictionary<string, string> { ["field"] = field });

        var longKey = new string('k', 65);
        var cases = new[]
        {
            Invalid("grant of zero", c => GrantCall(c, r => r.Amount = 0), "amount"),
            Invalid("grant scoped to 17 features", c => GrantCall(c, r => r.Features.Add(Enumerable.Range(0, 17).Select(i => $"f{i}"))), "features"),
            Invalid("grant scoped to an empty feature name", c => GrantCall(c, r => r.Features.Add("")), "features[0]"),
            Invalid("grant of a negative amount", c => GrantCall(c, r => r.Amount = -5), "amount"),
            Invalid("grant over 10^12", c => GrantCall(c, r => r.Amount = OverLimit), "amount"),
            Invalid("reserve of zero", c => ReserveCall(c, r => r.Amount = 0), "amount"),
            Invalid("reserve of a negative amount", c => ReserveCall(c, r => r.Amount = -5), "amount"),
            Invalid("reserve over 10^12", c => ReserveCall(c, r => r.Amount = OverLimit), "amount"),
            Invalid("reserve with neither amount nor feature", c => ReserveCall(c, r => r.ClearCost()), "amount"),
            Invalid("quantity without a feature", c => ReserveCall(c, r => r.Quantity = 2), "quantity"),
            Invalid("empty account id", c => GrantCall(c, r => r.AccountId = ""), "account_id"),
            Invalid("account id of 129 characters", c => GrantCall(c, r => r.AccountId = "user:" + new string('x', 124)), "account_id"),
            Invalid("account id with an unknown prefix", c => GrantCall(c, r => r.AccountId = "team:1"), "account_id"),
            Invalid("reserve on an account id with an unknown prefix", c => ReserveCall(c, r => r.AccountId = "acct:1"), "account_id"),
            Invalid("BUCKET_UNSPECIFIED", c => GrantCall(c, r => r.Bucket = Bucket.Unspecified), "bucket"),
            Invalid("priority 1001", c => GrantCall(c, r => r.Priority = 1001), "priority"),
            Invalid("expiry in the past", c => GrantCall(c, r => r.ExpiresAt = Timestamp.FromDateTimeOffset(LedgerServer.Start.AddDays(-1))), "expires_at"),
            Invalid("reference over 256 characters", c => GrantCall(c, r => r.Reference = new string('r', 257)), "reference"),
            // On PostgreSQL a NUL was INTERNAL (Npgsql 22021) and failed the whole batch it joined.
            Invalid("reference holding NUL", c => GrantCall(c, r => r.Reference = "order\0 42"), "reference"),
            Invalid("metadata value holding a right-to-left override", c => GrantCall(c, r => r.Metadata["note"] = "fdp.\u202Eexe"), "metadata[note]"),
            Invalid("reserve metadata value holding NUL", c => ReserveCall(c, r => r.Metadata["note"] = "a\0"), "metadata[note]"),
            Invalid("ttl of half a second", c => ReserveCall(c, r => r.Ttl = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(500))), "ttl"),
            Invalid("ttl of 25 hours", c => ReserveCall(c, r => r.Ttl = Duration.FromTimeSpan(TimeSpan.FromHours(25))), "ttl"),
            Invalid("unnormalized ttl", c => ReserveCall(c, r => r.Ttl = new Duration { Seconds = 5, Nanos = -1 }), "ttl"),
            Invalid("65 metadata entries", c => GrantCall(c, r => r.Metadata.Add(Enumerable.Range(0, 65).ToDictionary(i => $"k{i}", _ => "v"))), "metadata"),
            Invalid("metadata key of 65 characters", c => GrantCall(c, r => r.Metadata[longKey] = "v"), $"metadata[{longKey}]"),
            Invalid("metadata value of 513 characters", c => GrantCall(c, r => r.Metadata["note"] = new string('v', 513)), "metadata[note]"),
            Invalid("grant without an idempotency key", c => GrantCall(c, r => r.IdempotencyKey = ""), "idempotency_key"),
            Invalid("reserve without an idempotency key", c => ReserveCall(c, r => r.IdempotencyKey = ""), "idempotency_key"),
            Invalid("commit of a malformed hold id", c => CommitCall(c, holdId: "hold/1"), "hold_id"),
            Invalid("release of a malformed hold id", c => c.Client.ReleaseAsync(new ReleaseRequest { HoldId = "hold/1" }, c.Headers).ResponseAsync, "hold_id"),
            Invalid("commit of zero", c => CommitCall(c, amount: 0), "amount"),
            Invalid("commit of more than reserved", c => CommitCall(c, amount: 11), "amount"),
            Invalid("commit metadata value of 513 characters",
                c => c.Client.CommitAsync(new CommitRequest { HoldId = c.HoldId, Metadata = { ["note"] = new string('v', 513) } }, c.Headers).ResponseAsync,
                "metadata[note]"),
            Invalid("claim of a user account as a lead",
                c => c.Client.ClaimLeadAsync(new ClaimLeadRequest { LeadAccountId = c.AccountId, UserAccountId = c.AccountId, IdempotencyKey = NewKey() }, c.Headers).ResponseAsync,
                "lead_account_id"),
            Invalid("balance of a malformed account id", c => c.Client.GetBalanceAsync(new GetBalanceRequest { AccountId = "nobody" }, c.Headers).ResponseAsync, "account_id"),
            Invalid("history after a negative sequence", c => ReadAll(c, new StreamHistoryRequest { AccountId = c.AccountId, AfterSequence = -1 }), "after_sequence"),
            Invalid("history of a malformed account id", c => ReadAll(c, new StreamHistoryRequest { AccountId = "" }), "account_id"),
            new BadCall("commit of a well-formed unknown hold", c => CommitCall(c, holdId: "hold_unknown"), StatusCode.NotFound, "HOLD_NOT_FOUND",
                Metadata: new Dictionary<string, string> { ["holdId"] = "hold_unknown" }),
            new BadCall("release of a well-formed unknown hold",
                c => c.Client.ReleaseAsync(new ReleaseRequest { HoldId = "hold_unknown" }, c.Headers).ResponseAsync, StatusCode.NotFound, "HOLD_NOT_FOUND",
                Metadata: new Dictionary<string, string> { ["holdId"] = "hold_unknown" }),
            new BadCall("reserve of an unknown feature", c => ReserveCall(c, r => r.Feature = "teleport"), StatusCode.NotFound, "FEATURE_NOT_FOUND",
                Metadata: new Dictionary<string, string> { ["feature"] = "teleport" }),
            // Refused by the framework (ServerHost.ReceiveMessageSizeBytesMax) before the service sees it.
            new BadCall("grant of a 70 KB message", c => GrantCall(c, r => r.Reference = new string('r', 70 * 1024)), StatusCode.ResourceExhausted, null),
        };
        return cases.Select(call => new TestCaseData(call).SetArgDisplayNames(call.Name));
    }

    [TestCaseSource(nameof(BadCalls))]
    public async Task Bad_input_fails_with_its_status_reason_and_field_and_changes_nothing(BadCall bad)
    {
        ArgumentNullException.ThrowIfNull(bad);
        var account = NewAccount();
        await Grant(account, 100);
        var hold = await Reserve(account, 10);
        var before = await History(account);
        var context = new BadCallContext(Raw, LedgerServer.Bearer(TestKeys.Writer), account, hold.HoldId);

        var error = await RpcFailure(() => bad.Call(context));

        Assert.That(error.StatusCode, Is.EqualTo(bad.Code), error.Status.Detail);
        if (bad.Reason is not null)
        {
            var info = ErrorInfoOf(error);
            Assert.That(info.Reason, Is.EqualTo(bad.Reason));
            foreach (var (key, value) in bad.Metadata ?? new Dictionary<string, string>())
            {
                Assert.That(info.Metadata, Does.ContainKey(key));
                Assert.That(info.Metadata[key], Is.EqualTo(value), $"ErrorInfo metadata {key}");
            }
        }
        if (bad.Field is not null)
        {
            var badRequest = BadRequestOf(error);
            Assert.That(badRequest, Is.Not.Null, "INVALID_ARGUMENT carries a google.rpc.BadRequest");
            Assert.That(badRequest!.FieldViolations.Select(v => v.Field), Is.EqualTo(new[] { bad.Field }));
        }
        var after = await History(account);
        Assert.That(after, Is.EqualTo(before), "the journal is unchanged");
        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(90));
        Assert.That(balance.Held, Is.EqualTo(10));
    }

    private static async Task ReadAll(BadCallContext context, StreamHistoryRequest request)
    {
        using var call = context.Client.StreamHistory(request, context.Headers);
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }
}
