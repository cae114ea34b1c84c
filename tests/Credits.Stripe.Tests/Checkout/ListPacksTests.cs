using Credits.Ledger.Data;
using Credits.Stripe.Tests.Support;
using Credits.V1;
using Grpc.Core;

namespace Credits.Stripe.Tests.Checkout;

/// <summary>ListPacks shows the configured catalogue to a product page.</summary>
public sealed class ListPacksTests(DatabaseProvider provider) : StripeFixture(provider)
{
    private Task<ListPacksResponse> List(int pageSize = 0, string pageToken = "") =>
        Server.Grpc.ListPacksAsync(new ListPacksRequest { PageSize = pageSize, PageToken = pageToken },
            StripeTestServer.Bearer(StripeTestServer.ReaderKey)).ResponseAsync;

    [Test]
    public async Task It_lists_every_configured_pack_by_credits_with_what_a_product_page_shows()
    {
        var response = await List();

        Assert.That(response.NextPageToken, Is.Empty);
        Assert.That(response.Packs, Is.EqualTo(new[]
        {
            new Pack
            {
                PackId = TestPacks.Starter, Name = TestPacks.StarterName, Credits = TestPacks.StarterCredits, PriceId = TestPacks.StarterPrice,
                UnitAmount = TestPacks.StarterAmount, Currency = "usd",
                Lots = { new PackLot { Bucket = Bucket.Purchased, Credits = TestPacks.StarterCredits } },
            },
            new Pack
            {
                PackId = TestPacks.Pro, Name = TestPacks.ProName, Credits = TestPacks.ProCredits, BonusCredits = TestPacks.ProBonus,
                PriceId = TestPacks.ProPrice, UnitAmount = TestPacks.ProAmount, Currency = "usd", ValidityMonths = TestPacks.ProValidityMonths,
                Lots =
                {
                    new PackLot { Bucket = Bucket.Purchased, Credits = TestPacks.ProCredits, ValidityMonths = TestPacks.ProValidityMonths },
                    new PackLot { Bucket = Bucket.Promo, Credits = TestPacks.ProBonus, ValidityMonths = TestPacks.ProValidityMonths },
                },
            },
        }));
    }

    [Test]
    public async Task It_pages_with_an_opaque_token_until_the_token_is_empty()
    {
        var first = await List(pageSize: 1);
        var second = await List(pageSize: 1, pageToken: first.NextPageToken);

        Assert.That(first.Packs.Select(pack => pack.PackId), Is.EqualTo(new[] { TestPacks.Starter }));
        Assert.That(first.NextPageToken, Is.Not.Empty);
        Assert.That(second.Packs.Select(pack => pack.PackId), Is.EqualTo(new[] { TestPacks.Pro }));
        Assert.That(second.NextPageToken, Is.Empty);
    }

    [Test]
    public async Task A_negative_page_size_or_a_foreign_token_is_invalid_argument()
    {
        var negative = await RpcFailure(() => List(pageSize: -1));
        var foreign = await RpcFailure(() => List(pageToken: "not-a-token"));

        Assert.That((negative.StatusCode, ErrorInfoOf(negative).Metadata["field"]), Is.EqualTo((StatusCode.InvalidArgument, "page_size")));
        Assert.That((foreign.StatusCode, ErrorInfoOf(foreign).Metadata["field"]), Is.EqualTo((StatusCode.InvalidArgument, "page_token")));
    }

    [Test]
    public async Task A_pack_added_to_the_configuration_is_listed_without_a_restart()
    {
        Server.Reconfigure(("Stripe:Packs:mega:Credits", "2000"), ("Stripe:Packs:mega:PriceId", "price_mega_test"));
        try
        {
            var response = await List();

            Assert.That(response.Packs.Select(pack => pack.PackId), Is.EqualTo(new[] { TestPacks.Starter, TestPacks.Pro, "mega" }));
            Assert.That(response.Packs[2].Name, Is.EqualTo("mega"), "a pack without a name shows its id");
        }
        finally
        {
            Server.Reconfigure(("Stripe:Packs:mega:Credits", null), ("Stripe:Packs:mega:PriceId", null));
        }
    }

    [Test]
    public async Task A_configuration_change_that_fails_validation_leaves_the_previous_catalogue_in_force()
    {
        Server.Reconfigure(("Stripe:Packs:broken:Credits", "-5"));
        try
        {
            var response = await List();

            Assert.That(response.Packs.Select(pack => pack.PackId), Is.EqualTo(new[] { TestPacks.Starter, TestPacks.Pro }));
        }
        finally
        {
            Server.Reconfigure(("Stripe:Packs:broken:Credits", null));
        }
    }

    [Test]
    public async Task A_call_without_an_api_key_is_unauthenticated()
    {
        var error = await RpcFailure(() => Server.Grpc.ListPacksAsync(new ListPacksRequest()).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
    }
}
