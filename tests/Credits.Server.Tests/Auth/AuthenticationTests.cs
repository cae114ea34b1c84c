using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;
using Grpc.Health.V1;
using HealthService = Grpc.Health.V1.Health;
using Grpc.Reflection.V1Alpha;

namespace Credits.Server.Tests.Auth;

/// <summary>API keys and scopes on a Production host; health and reflection stay open.</summary>
public sealed class AuthenticationTests(DatabaseProvider provider) : ServerFixture(provider)
{
    [Test]
    public async Task A_call_without_an_authorization_header_fails_with_unauthenticated_api_key_missing()
    {
        var account = NewAccount();

        var error = await RpcFailure(() => Raw.GrantAsync(GrantRequest(account, 10)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("API_KEY_MISSING"));
        Assert.That(await History(account), Is.Empty);
    }

    [Test]
    public async Task A_header_that_is_not_a_bearer_key_fails_with_unauthenticated_api_key_missing()
    {
        var headers = new Metadata { { "authorization", "Basic " + TestKeys.Writer } };

        var error = await RpcFailure(() => Raw.GetBalanceAsync(new GetBalanceRequest { AccountId = NewAccount() }, headers).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("API_KEY_MISSING"));
    }

    [Test]
    public async Task An_unknown_key_fails_with_unauthenticated_api_key_invalid()
    {
        var account = NewAccount();

        var error = await RpcFailure(() => Raw.GrantAsync(GrantRequest(account, 10), LedgerServer.Bearer(TestKeys.Unknown)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("API_KEY_INVALID"));
        Assert.That(await History(account), Is.Empty);
    }

    [Test]
    public async Task An_unknown_key_reaches_the_wrapper_as_a_credits_auth_exception()
    {
        using var client = Server.Client(TestKeys.Unknown);

        var error = await Assert.ThrowsAsync<CreditsAuthException>(() => client.GetBalanceAsync(NewAccount()));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(error.Reason, Is.EqualTo("API_KEY_INVALID"));
        Assert.That(error.IsPermissionDenied, Is.False);
    }

    [Test]
    public async Task The_reader_key_calling_grant_fails_with_permission_denied_scope_missing_ledger_write()
    {
        var account = NewAccount();

        var error = await RpcFailure(() => Raw.GrantAsync(GrantRequest(account, 10), LedgerServer.Bearer(TestKeys.Reader)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        var info = ErrorInfoOf(error);
        Assert.That(info.Reason, Is.EqualTo("SCOPE_MISSING"));
        Assert.That(info.Metadata["scope"], Is.EqualTo(TestKeys.ScopeWrite));
        Assert.That(await History(account), Is.Empty);
    }

    [Test]
    public async Task The_reader_key_cannot_reserve_commit_release_or_claim_but_the_wrapper_says_which_scope_is_missing()
    {
        var account = NewAccount();
        await Grant(account, 10);
        var hold = await Reserve(account, 4);

        var calls = new Func<Task>[]
        {
            () => Reader.ReserveAsync(ReserveRequest(account, 1)),
            () => Reader.CommitAsync(new CommitRequest { HoldId = hold.HoldId }),
            () => Reader.ReleaseAsync(new ReleaseRequest { HoldId = hold.HoldId }),
            () => Reader.ClaimLeadAsync(new ClaimLeadRequest { LeadAccountId = NewAccount("lead"), UserAccountId = account, IdempotencyKey = NewKey() }),
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<CreditsAuthException>(() => call());
            Assert.That(error!.IsPermissionDenied, Is.True);
            Assert.That(error.Reason, Is.EqualTo("SCOPE_MISSING"));
            Assert.That(error.Scope, Is.EqualTo(TestKeys.ScopeWrite));
        }
        var balance = await Writer.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(6));
        Assert.That(balance.Held, Is.EqualTo(4));
        Assert.That(await History(account), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task The_reader_key_reads_balances_and_history()
    {
        var account = NewAccount();
        await Grant(account, 10);

        var balance = await Reader.GetBalanceAsync(account);
        var entries = new List<JournalEntry>();
        await foreach (var entry in Reader.StreamHistoryAsync(account))
        {
            entries.Add(entry);
        }

        Assert.That(balance.Available, Is.EqualTo(10));
        Assert.That(entries.Select(e => e.Kind), Is.EqualTo(new[] { EntryKind.Grant }));
    }

    [Test]
    public async Task StreamHistory_without_a_key_fails_with_unauthenticated()
    {
        var account = NewAccount();
        await Grant(account, 10);

        using var stream = Raw.StreamHistory(new StreamHistoryRequest { AccountId = account });
        var error = await RpcFailure(() => stream.ResponseStream.MoveNext(CancellationToken.None));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("API_KEY_MISSING"));
    }

    [Test]
    public async Task The_development_key_is_rejected_outside_development()
    {
        var account = NewAccount();

        var error = await RpcFailure(() => Raw.GrantAsync(GrantRequest(account, 10), LedgerServer.Bearer(TestKeys.Development)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("API_KEY_INVALID"));
        Assert.That(await History(account), Is.Empty);
    }

    [TestCase("")]
    [TestCase("credits.v1.LedgerService")]
    public async Task The_health_check_answers_serving_without_a_key(string service)
    {
        var health = new HealthService.HealthClient(Server.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest { Service = service });

        Assert.That(response.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
    }

    [Test]
    public async Task Reflection_lists_the_ledger_service_without_a_key()
    {
        var reflection = new ServerReflection.ServerReflectionClient(Server.Channel);

        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None), Is.True);
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.That(services, Does.Contain("credits.v1.LedgerService"));
    }
}
