using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Google.Rpc;

namespace Credits.Server.Tests.Json;

/// <summary>
/// The call-rate limit applies to HTTP/JSON calls as to gRPC ones (the same interceptor runs), and
/// the refusal reads the same: 429 with RATE_LIMITED, its metadata and a RetryInfo saying when to retry.
/// </summary>
public sealed class JsonRateLimitTests(DatabaseProvider provider) : JsonFixture(provider)
{
    private const int KeyPerSecond = 5;

    protected override ServerSettings Settings => base.Settings with
    {
        Configuration = new Dictionary<string, string?>(base.Settings.Configuration)
        {
            ["Limits:ApiKeyRequestsPerSecond"] = "5",
        },
    };

    [Test]
    public async Task Json_calls_beyond_the_keys_rate_are_429_RATE_LIMITED_with_a_retry_delay()
    {
        var account = NewAccount();

        // Eight seconds' worth at once: however the calls spread, they cannot all pass.
        var responses = await Task.WhenAll(Enumerable.Range(0, KeyPerSecond * 8)
            .Select(_ => GetJson($"/v1/accounts/{account}/balance", TestKeys.Reader)));
        var refused = responses.Where(response => (int)response.StatusCode == 429).ToList();

        Assert.That(refused, Is.Not.Empty);
        var (status, info) = await ReadError(refused[0], 429);
        Assert.That(info.Reason, Is.EqualTo("RATE_LIMITED"));
        Assert.That(info.Metadata["max"], Is.EqualTo("5"));
        var retry = status.Details.Single(detail => detail.Is(RetryInfo.Descriptor)).Unpack<RetryInfo>();
        Assert.That(retry.RetryDelay.ToTimeSpan(), Is.GreaterThan(TimeSpan.Zero));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
