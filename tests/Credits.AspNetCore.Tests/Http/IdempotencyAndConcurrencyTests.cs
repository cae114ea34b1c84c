using System.Net;
using Credits.AspNetCore.Tests.Support;
using Credits.Ledger.Data;
using Credits.Testing;
using Credits.V1;

namespace Credits.AspNetCore.Tests.Http;

/// <summary>Retries with the same Idempotency-Key are charged once; concurrent requests never overdraw.</summary>
public sealed class IdempotencyAndConcurrencyTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task A_retry_with_the_same_idempotency_key_is_charged_once_and_not_run_again()
    {
        var account = await Ledger.AccountWith(20);
        var key = $"order-{Guid.NewGuid():N}";
        var before = App.Handlers.Runs("flat");

        using var first = await App.Http.SendAsync(ProductApp.Post("/flat", account, key));
        using var retry = await App.Http.SendAsync(ProductApp.Post("/flat", account, key));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(App.Handlers.Runs("flat") - before, Is.EqualTo(1));
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(16));
        Assert.That(await Ledger.Entries(account, EntryKind.Commit), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_retry_of_a_failed_request_with_the_same_key_does_not_run_the_handler_for_free()
    {
        var account = await Ledger.AccountWith(20);
        var key = $"order-{Guid.NewGuid():N}";

        using var failed = await App.Http.SendAsync(ProductApp.Post("/fails", account, key));
        var runs = App.Handlers.Runs("fails");
        using var retry = await App.Http.SendAsync(ProductApp.Post("/fails", account, key));

        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(App.Handlers.Runs("fails"), Is.EqualTo(runs), "the released hold's key does not buy another run");
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(20));
    }

    [Test]
    public async Task The_same_key_from_two_accounts_charges_each_account_once()
    {
        var first = await Ledger.AccountWith(20);
        var second = await Ledger.AccountWith(20);
        var key = $"order-{Guid.NewGuid():N}";

        using var a = await App.Http.SendAsync(ProductApp.Post("/flat", first, key));
        using var b = await App.Http.SendAsync(ProductApp.Post("/flat", second, key));

        Assert.That(a.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(b.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Ledger.Balance(first)).Available, Is.EqualTo(16));
        Assert.That((await Ledger.Balance(second)).Available, Is.EqualTo(16));
    }

    [Test]
    public async Task Twenty_concurrent_requests_on_credits_for_seven_never_overdraw()
    {
        var account = await Ledger.AccountWith(7 * 4);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await App.Http.SendAsync(ProductApp.Post("/flat", account));
            return response.StatusCode;
        }));

        Assert.That(responses.Count(status => status == HttpStatusCode.OK), Is.EqualTo(7));
        Assert.That(responses.Count(status => status == HttpStatusCode.PaymentRequired), Is.EqualTo(13));
        var balance = await Ledger.Balance(account);
        Assert.That(balance.Available, Is.Zero);
        Assert.That(balance.Held, Is.Zero);
        Assert.That(await Ledger.Entries(account, EntryKind.Commit), Has.Count.EqualTo(7));
    }

    [Test]
    public async Task A_retry_sent_while_the_first_request_still_runs_is_refused_and_the_handler_runs_once()
    {
        var account = await Ledger.AccountWith(20);
        var key = $"order-{Guid.NewGuid():N}";

        var first = App.Http.SendAsync(ProductApp.Post("/gated", account, key));
        await App.Handlers.Entered.Task.WaitAsync(Eventually.Timeout);
        using var retry = await App.Http.SendAsync(ProductApp.Post("/gated", account, key));
        App.Handlers.GateSource.SetResult(true);
        using var answered = await first;

        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await retry.Content.ReadAsStringAsync(), Does.Contain("urn:credits:problem:idempotency-key-in-flight"));
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(App.Handlers.Runs("gated"), Is.EqualTo(1));
        Assert.That((await Ledger.Balance(account)) is { Available: 16, Held: 0 });
    }
}
