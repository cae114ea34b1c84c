using Credits.AspNetCore.Tests.Studio;
using Credits.AspNetCore.Tests.Support;
using Credits.Ledger.Data;
using Credits.Testing;
using Credits.V1;
using Google.Rpc;
using Grpc.Core;

namespace Credits.AspNetCore.Tests.Grpc;

/// <summary>A priced product gRPC method charges its price when it ends OK and nothing otherwise.</summary>
public sealed class PricedGrpcMethodTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task An_OK_call_commits_the_feature_price_and_says_what_remains()
    {
        var account = await Ledger.AccountWith(20);

        using var call = App.Studio.PaintAsync(new PaintRequest { Prompt = "a cat" }, ProductApp.As(account));
        var reply = await call.ResponseAsync;
        var headers = await call.ResponseHeadersAsync;

        Assert.That(reply.Image, Is.EqualTo("a painting of a cat"));
        Assert.That(headers.GetValue("credits-remaining"), Is.EqualTo("15"));
        Assert.That((await Ledger.Balance(account)) is { Available: 15, Held: 0 });
        var commits = await Ledger.Entries(account, EntryKind.Commit);
        Assert.That(commits.Select(entry => entry.Amount), Is.EqualTo(new[] { -TestLedger.FeaturePrice }));
    }

    [Test]
    public async Task A_method_that_reports_a_smaller_actual_use_is_charged_that_much()
    {
        var account = await Ledger.AccountWith(20);

        using var call = App.Studio.SketchAsync(new PaintRequest(), ProductApp.As(account));
        await call.ResponseAsync;

        Assert.That((await call.ResponseHeadersAsync).GetValue("credits-remaining"), Is.EqualTo("17"));
        Assert.That((await Ledger.Balance(account)) is { Available: 17, Held: 0 });
    }

    [Test]
    public async Task A_method_that_throws_releases_the_hold()
    {
        var account = await Ledger.AccountWith(20);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await App.Studio.SmudgeAsync(new PaintRequest(), ProductApp.As(account)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unknown));
        Assert.That((await Ledger.Balance(account)) is { Available: 20, Held: 0 });
        Assert.That(await Ledger.Entries(account, EntryKind.Release), Has.Count.EqualTo(1));
        Assert.That(await Ledger.Entries(account, EntryKind.Commit), Is.Empty);
    }

    [Test]
    public async Task A_method_that_ends_with_another_status_releases_the_hold()
    {
        var account = await Ledger.AccountWith(20);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await App.Studio.RefuseAsync(new PaintRequest(), ProductApp.As(account)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Aborted));
        Assert.That(error.Trailers.GetValue("credits-remaining"), Is.Null);
        Assert.That((await Ledger.Balance(account)) is { Available: 20, Held: 0 });
        Assert.That(await Ledger.Entries(account, EntryKind.Release), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Insufficient_credits_fail_with_FAILED_PRECONDITION_and_the_ledger_reason_and_charge_nothing()
    {
        var account = await Ledger.AccountWith(3);
        var before = App.Handlers.Runs("paint");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await App.Studio.PaintAsync(new PaintRequest(), ProductApp.As(account)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.That(info.Domain, Is.EqualTo("credits.v1"));
        Assert.That(info.Reason, Is.EqualTo("INSUFFICIENT_CREDITS"));
        Assert.That(info.Metadata["available"], Is.EqualTo("3"));
        Assert.That(info.Metadata["required"], Is.EqualTo("5"));
        Assert.That(App.Handlers.Runs("paint"), Is.EqualTo(before), "the method does not run");
        Assert.That((await Ledger.Balance(account)) is { Available: 3, Held: 0 });
    }

    [Test]
    public async Task A_retry_with_the_same_idempotency_key_is_charged_once()
    {
        var account = await Ledger.AccountWith(20);
        var key = $"call-{Guid.NewGuid():N}";

        await App.Studio.PaintAsync(new PaintRequest(), ProductApp.As(account, key));
        var retry = await Assert.ThrowsAsync<RpcException>(async () => await App.Studio.PaintAsync(new PaintRequest(), ProductApp.As(account, key)));

        Assert.That(retry!.StatusCode, Is.EqualTo(StatusCode.AlreadyExists));
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(15));
        Assert.That(await Ledger.Entries(account, EntryKind.Commit), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_call_without_an_account_is_UNAUTHENTICATED()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await App.Studio.PaintAsync(new PaintRequest()));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
    }

    [Test]
    public async Task A_call_the_client_cancels_mid_method_gets_its_credits_back()
    {
        var account = await Ledger.AccountWith(20);
        using var cancel = new CancellationTokenSource();

        using var call = App.Studio.WaitAsync(new PaintRequest(), ProductApp.As(account), cancellationToken: cancel.Token);
        await App.Handlers.Entered.Task.WaitAsync(Eventually.Timeout);
        Assert.That((await Ledger.Balance(account)).Held, Is.EqualTo(4), "the price is held while the method runs");
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Cancelled));
        await Eventually.True(async () => (await Ledger.Balance(account)) is { Held: 0, Available: 20 }, "the cancelled call's hold to be released");
        Assert.That(await Ledger.Entries(account, EntryKind.Commit), Is.Empty);
    }
}
