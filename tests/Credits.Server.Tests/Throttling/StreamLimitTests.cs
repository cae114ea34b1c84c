using System.Diagnostics;
using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Credits.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.Server.Tests.Throttling;

/// <summary>
/// Open history streams are capped per caller and per account: one beyond either cap is refused with
/// RESOURCE_EXHAUSTED, STREAM_LIMIT_REACHED, the cap and a retry delay, and closing a stream frees its slot.
/// </summary>
public sealed class StreamLimitTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private const int PerCaller = 3;
    private const int PerAccount = 2;

    private readonly List<AsyncServerStreamingCall<StreamHistoryResponse>> _open = [];

    protected override ServerSettings Settings { get; } = ServerSettings.Default with
    {
        Configuration = new Dictionary<string, string?>
        {
            ["Limits:StreamsPerApiKeyMax"] = PerCaller.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Limits:StreamsPerAccountMax"] = PerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Limits:StreamsPerEndUserMax"] = "1",
            ["Auth:EndUserTokens:SigningKey"] = EndUserTokens.SigningKey,
            ["Auth:EndUserTokens:Issuer"] = EndUserTokens.Issuer,
            ["Auth:EndUserTokens:Audience"] = EndUserTokens.Audience,
        },
    };

    [TearDown]
    public async Task CloseStreams()
    {
        foreach (var call in _open)
        {
            call.Dispose();
        }
        _open.Clear();
        await Eventually.True(() => Server.App.Services.GetRequiredService<Credits.Server.Throttling.StreamLimits>().OpenStreams == 0, "every stream to close");
    }

    [Test]
    public async Task A_caller_at_its_stream_cap_is_refused_with_the_cap_and_a_retry_delay()
    {
        for (var i = 0; i < PerCaller; i++)
        {
            await FollowAsync(TestKeys.Reader, await AccountWithOneEntry());
        }

        var refused = await RefusalAsync(TestKeys.Reader, await AccountWithOneEntry());

        Assert.That(refused.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(refused.Reason, Is.EqualTo(CreditsErrorReasons.StreamLimitReached));
        Assert.That(refused.Metadata["limit"], Is.EqualTo("streams_per_caller"));
        Assert.That(refused.Metadata["max"], Is.EqualTo("3"));
        Assert.That(refused.RetryDelay, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task Another_caller_is_not_held_to_the_first_callers_cap()
    {
        for (var i = 0; i < PerCaller; i++)
        {
            await FollowAsync(TestKeys.Reader, await AccountWithOneEntry());
        }

        Assert.That(await FollowAsync(TestKeys.Writer, await AccountWithOneEntry()), Is.EqualTo(1));
    }

    [Test]
    public async Task Closing_a_stream_frees_its_slot()
    {
        for (var i = 0; i < PerCaller; i++)
        {
            await FollowAsync(TestKeys.Reader, await AccountWithOneEntry());
        }
        var account = await AccountWithOneEntry();
        await RefusalAsync(TestKeys.Reader, account);

        _open[0].Dispose();

        await Eventually.True(async () =>
        {
            try
            {
                return await FollowAsync(TestKeys.Reader, account) == 1;
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.ResourceExhausted)
            {
                return false;
            }
        }, "the closed stream's slot to be given to a new stream");
    }

    [Test]
    public async Task An_account_at_its_stream_cap_refuses_every_caller()
    {
        var busy = await AccountWithOneEntry();
        for (var i = 0; i < PerAccount; i++)
        {
            await FollowAsync(TestKeys.Writer, busy);
        }

        var refused = await RefusalAsync(TestKeys.Reader, busy);

        Assert.That(refused.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(refused.Reason, Is.EqualTo(CreditsErrorReasons.StreamLimitReached));
        Assert.That(refused.Metadata["limit"], Is.EqualTo("streams_per_account"));
        Assert.That(refused.Metadata["max"], Is.EqualTo("2"));
        Assert.That(await FollowAsync(TestKeys.Reader, await AccountWithOneEntry()), Is.EqualTo(1), "another account is still open to the same caller");
    }

    [Test]
    public async Task An_end_user_is_held_to_the_end_user_cap_not_the_api_key_cap()
    {
        var account = await AccountWithOneEntry();
        var token = EndUserTokens.Mint(account, Now);
        await FollowAsync(token, account);

        var refused = await RefusalAsync(token, account);

        Assert.That(refused.Reason, Is.EqualTo(CreditsErrorReasons.StreamLimitReached));
        Assert.That(refused.Metadata["limit"], Is.EqualTo("streams_per_caller"));
        Assert.That(refused.Metadata["max"], Is.EqualTo("1"));
    }

    private async Task<string> AccountWithOneEntry()
    {
        var account = NewAccount();
        await Grant(account, 1);
        return account;
    }

    /// <summary>Opens a follow stream and waits for the account's first entry, which proves the server took it.</summary>
    private async Task<long> FollowAsync(string key, string account)
    {
        var call = Raw.StreamHistory(new StreamHistoryRequest { AccountId = account, Follow = true }, LedgerServer.Bearer(key));
        _open.Add(call);
        Assert.That(await call.ResponseStream.MoveNext(CancellationToken.None), Is.True);
        return call.ResponseStream.Current.Entry.Sequence;
    }

    private async Task<CreditsException> RefusalAsync(string key, string account)
    {
        try
        {
            await FollowAsync(key, account);
        }
        catch (RpcException error)
        {
            return ErrorTranslator.Translate(error);
        }
        Assert.Fail("The stream was accepted.");
        throw new UnreachableException();
    }
}
