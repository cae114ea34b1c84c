using System.Globalization;
using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Grpc.Core;
using Grpc.Health.V1;

namespace Credits.Server.Tests.Throttling;

/// <summary>
/// Each caller (an API key, or an end user's token) has its own call rate: calls beyond it are refused
/// with RESOURCE_EXHAUSTED, RATE_LIMITED and a retry delay, while other callers and health checks
/// carry on. Tests that need a full allowance use a fresh end user, who starts with one.
/// </summary>
public sealed class RateLimitTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private const int KeyPerSecond = 30;
    private const int EndUserPerSecond = 20;

    protected override ServerSettings Settings { get; } = ServerSettings.Default with
    {
        Configuration = new Dictionary<string, string?>
        {
            ["Limits:ApiKeyRequestsPerSecond"] = KeyPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Limits:EndUserRequestsPerSecond"] = EndUserPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Auth:EndUserTokens:SigningKey"] = EndUserTokens.SigningKey,
            ["Auth:EndUserTokens:Issuer"] = EndUserTokens.Issuer,
            ["Auth:EndUserTokens:Audience"] = EndUserTokens.Audience,
        },
    };

    [Test]
    public async Task Calls_beyond_a_callers_rate_are_refused_with_rate_limited_and_a_retry_delay()
    {
        var account = NewAccount();

        var outcomes = await Flood(TokenFor(account), account, EndUserPerSecond * 4);

        var refusals = outcomes.OfType<CreditsException>().ToList();
        Assert.That(outcomes.Count(o => o is null), Is.GreaterThanOrEqualTo(EndUserPerSecond), "a full allowance lets a second's worth through");
        Assert.That(refusals, Has.Count.GreaterThanOrEqualTo(EndUserPerSecond), "four seconds' worth at once cannot all pass");
        Assert.Multiple(() =>
        {
            foreach (var refusal in refusals)
            {
                Assert.That(refusal.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
                Assert.That(refusal.Reason, Is.EqualTo(CreditsErrorReasons.RateLimited));
                Assert.That(refusal.Metadata["limit"], Is.EqualTo("requests_per_second"));
                Assert.That(refusal.Metadata["max"], Is.EqualTo("20"));
                Assert.That(refusal.RetryDelay, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
            }
        });
    }

    [Test]
    public async Task One_keys_flood_is_refused_at_its_own_rate_and_leaves_other_keys_and_health_checks_alone()
    {
        var account = NewAccount();

        var flood = await Flood(TestKeys.Reader, account, KeyPerSecond * 4);
        var writer = await Flood(TestKeys.Writer, account, KeyPerSecond / 2);
        var health = new Grpc.Health.V1.Health.HealthClient(Server.Channel);
        var checks = await Task.WhenAll(Enumerable.Range(0, KeyPerSecond * 4).Select(_ => health.CheckAsync(new HealthCheckRequest()).ResponseAsync));

        Assert.That(flood.OfType<CreditsException>().Select(r => (r.Reason, r.Metadata["max"])),
            Is.Not.Empty.And.All.EqualTo((CreditsErrorReasons.RateLimited, "30")));
        Assert.That(writer, Is.All.Null, "the writer key's calls all pass");
        Assert.That(checks.Select(c => c.Status), Is.All.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
    }

    [Test]
    public async Task A_refused_caller_is_served_again_after_the_retry_delay()
    {
        var account = NewAccount();
        var token = TokenFor(account);
        var refusal = (await Flood(token, account, EndUserPerSecond * 4)).OfType<CreditsException>().First();

        await Task.Delay(refusal.RetryDelay!.Value + TimeSpan.FromMilliseconds(50));

        Assert.That(await Flood(token, account, 1), Is.All.Null);
    }

    private string TokenFor(string account) => EndUserTokens.Mint(account, Now);

    /// <summary>Sends <paramref name="calls"/> balance reads at once; each outcome is null (served) or the refusal.</summary>
    private async Task<CreditsException?[]> Flood(string credential, string account, int calls) =>
        await Task.WhenAll(Enumerable.Range(0, calls).Select(async _ =>
        {
            try
            {
                await Raw.GetBalanceAsync(new GetBalanceRequest { AccountId = account }, LedgerServer.Bearer(credential));
                return null;
            }
            catch (RpcException error)
            {
                return ErrorTranslator.Translate(error);
            }
        }));
}
