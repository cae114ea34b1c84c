using Credits.Client.Errors;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Grpc.Core;

namespace Credits.Server.Tests.Errors;

/// <summary>The per-account caps reach callers as RESOURCE_EXHAUSTED with their reason, at their defaults.</summary>
public sealed class AccountCapErrorTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private const int ActiveHoldsDefault = 1_000;

    [Test]
    public async Task The_thousand_and_first_active_hold_is_refused_with_resource_exhausted_account_limit_reached()
    {
        var account = NewAccount();
        await Grant(account, 10_000);
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, ActiveHoldsDefault).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                await Reserve(account, 1, TimeSpan.FromHours(1));
            }
            finally
            {
                gate.Release();
            }
        }));

        var error = await Assert.ThrowsAsync<CreditsException>(() => Writer.ReserveAsync(ReserveRequest(account, 1)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(error.Reason, Is.EqualTo(CreditsErrorReasons.AccountLimitReached));
        Assert.That(error.Metadata["limit"], Is.EqualTo("active_holds"));
        Assert.That(error.Metadata["max"], Is.EqualTo("1000"));
        Assert.That((await Writer.GetBalanceAsync(account)).Held, Is.EqualTo(ActiveHoldsDefault));
    }
}
