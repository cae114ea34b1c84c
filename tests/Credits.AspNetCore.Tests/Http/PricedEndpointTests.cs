using System.Net;
using System.Text.Json;
using Credits.AspNetCore.Tests.Support;
using Credits.Ledger.Data;
using Credits.Testing;
using Credits.V1;

namespace Credits.AspNetCore.Tests.Http;

/// <summary>A priced endpoint charges its price on success and nothing otherwise, as the ledger's balance and journal show.</summary>
public sealed class PricedEndpointTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task A_2xx_answer_commits_the_feature_price_and_says_what_remains()
    {
        var account = await Ledger.AccountWith(20);

        using var response = await App.Http.SendAsync(ProductApp.Post("/images", account));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Credits-Remaining").Single(), Is.EqualTo("15"));
        var balance = await Ledger.Balance(account);
        Assert.That(balance.Available, Is.EqualTo(15));
        Assert.That(balance.Held, Is.Zero);
        var commits = await Ledger.Entries(account, EntryKind.Commit);
        Assert.That(commits.Select(entry => entry.Amount), Is.EqualTo(new[] { -TestLedger.FeaturePrice }));
    }

    [Test]
    public async Task A_fixed_amount_is_committed_on_success()
    {
        var account = await Ledger.AccountWith(20);

        using var response = await App.Http.SendAsync(ProductApp.Post("/flat", account));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(16));
    }

    [Test]
    public async Task A_controller_action_priced_by_the_attribute_is_charged_the_same_way()
    {
        var account = await Ledger.AccountWith(20);

        using var response = await App.Http.SendAsync(ProductApp.Post("/reports", account));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Credits-Remaining").Single(), Is.EqualTo("14"));
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(14));
    }

    [Test]
    public async Task A_handler_that_reports_a_smaller_actual_use_is_charged_that_much_and_the_header_says_so()
    {
        var account = await Ledger.AccountWith(20);

        using var response = await App.Http.SendAsync(ProductApp.Post("/partial", account));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Credits-Remaining").Single(), Is.EqualTo("17"));
        var balance = await Ledger.Balance(account);
        Assert.That(balance.Available, Is.EqualTo(17));
        Assert.That(balance.Held, Is.Zero);
        var commits = await Ledger.Entries(account, EntryKind.Commit);
        Assert.That(commits.Select(entry => entry.Amount), Is.EqualTo(new[] { -3L }));
    }

    [Test]
    public async Task A_handler_that_throws_releases_the_hold()
    {
        var account = await Ledger.AccountWith(20);

        using var response = await App.Http.SendAsync(ProductApp.Post("/throws", account));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var balance = await Ledger.Balance(account);
        Assert.That(balance.Available, Is.EqualTo(20));
        Assert.That(balance.Held, Is.Zero);
        Assert.That(await Ledger.Entries(account, EntryKind.Release), Has.Count.EqualTo(1));
        Assert.That(await Ledger.Entries(account, EntryKind.Commit), Is.Empty);
    }

    [Test]
    public async Task A_handler_that_answers_500_releases_the_hold()
    {
        var account = await Ledger.AccountWith(20);

        using var response = await App.Http.SendAsync(ProductApp.Post("/fails", account));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(response.Headers.Contains("Credits-Remaining"), Is.False);
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(20));
        Assert.That(await Ledger.Entries(account, EntryKind.Release), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Insufficient_credits_answer_402_with_a_problem_body_and_charge_nothing()
    {
        var account = await Ledger.AccountWith(3);
        var before = App.Handlers.Runs("image");

        using var response = await App.Http.SendAsync(ProductApp.Post("/images", account));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PaymentRequired));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(response.Headers.Contains("Credits-Remaining"), Is.False);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = body.RootElement;
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("urn:credits:problem:insufficient-credits"));
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(402));
        Assert.That(problem.GetProperty("title").GetString(), Is.Not.Empty);
        Assert.That(problem.GetProperty("detail").GetString(), Is.Not.Empty);
        Assert.That(problem.GetProperty("available").GetInt64(), Is.EqualTo(3));
        Assert.That(problem.GetProperty("required").GetInt64(), Is.EqualTo(TestLedger.FeaturePrice));
        Assert.That(problem.GetProperty("purchaseUrl").GetString(), Is.EqualTo("https://shop.example/credits"));
        Assert.That(App.Handlers.Runs("image"), Is.EqualTo(before), "the handler does not run");
        var balance = await Ledger.Balance(account);
        Assert.That(balance.Available, Is.EqualTo(3));
        Assert.That(balance.Held, Is.Zero);
    }

    [Test]
    public async Task An_anonymous_request_answers_401_and_the_handler_does_not_run()
    {
        var before = App.Handlers.Runs("image");

        using var response = await App.Http.SendAsync(ProductApp.Post("/images", account: null));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(App.Handlers.Runs("image"), Is.EqualTo(before));
    }

    [Test]
    public async Task A_malformed_idempotency_key_answers_400_and_holds_nothing()
    {
        var account = await Ledger.AccountWith(20);

        using var response = await App.Http.SendAsync(ProductApp.Post("/flat", account, new string('k', 129)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Ledger.Balance(account)).Available, Is.EqualTo(20));
    }

    [Test]
    public async Task An_endpoint_without_a_price_is_not_charged_and_needs_no_account()
    {
        using var response = await App.Http.SendAsync(ProductApp.Post("/free", account: null));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("Credits-Remaining"), Is.False);
    }

    [Test]
    public async Task A_client_that_aborts_mid_handler_gets_its_credits_back()
    {
        var account = await Ledger.AccountWith(20);
        using var abort = new CancellationTokenSource();

        var sending = App.Http.SendAsync(ProductApp.Post("/gated", account), abort.Token);
        await App.Handlers.Entered.Task.WaitAsync(Eventually.Timeout);
        Assert.That((await Ledger.Balance(account)).Held, Is.EqualTo(4), "the price is held while the handler runs");
        await abort.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(() => sending);

        await Eventually.True(async () => (await Ledger.Balance(account)) is { Held: 0, Available: 20 }, "the aborted request's hold to be released");
        Assert.That(await Ledger.Entries(account, EntryKind.Release), Has.Count.EqualTo(1));
        Assert.That(await Ledger.Entries(account, EntryKind.Commit), Is.Empty);
    }
}
