using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.Testing;
using Credits.V1;
using Grpc.Core;

namespace Credits.Cli.Tests.Keys;

/// <summary>AdminService.ListApiKeys pages as AIP-158 asks: a default and a cap, opaque tokens, the end signalled by an empty token.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ListApiKeysPagingTests(DatabaseProvider provider)
{
    [Test]
    public async Task Pages_of_two_list_five_keys_in_minting_order_and_end_with_an_empty_token()
    {
        await using var server = await CliServer.StartAsync(provider);
        using var client = server.Client();
        var minted = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.Admin.MintApiKeyAsync(new MintApiKeyRequest { Name = $"svc-{i}", Scopes = { "ledger:read" } });
            minted.Add(response.ApiKey.KeyId);
            server.Time!.Advance(TimeSpan.FromMilliseconds(1));
        }

        var listed = new List<string>();
        var pages = 0;
        var request = new ListApiKeysRequest { PageSize = 2 };
        do
        {
            var page = await client.Admin.ListApiKeysAsync(request);
            Assert.That(page.ApiKeys, Has.Count.LessThanOrEqualTo(2));
            listed.AddRange(page.ApiKeys.Select(key => key.KeyId));
            request.PageToken = page.NextPageToken;
            pages++;
        }
        while (request.PageToken.Length > 0);

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(listed, Is.EqualTo(minted));
    }

    [Test]
    public async Task A_negative_page_size_is_invalid_request_naming_page_size()
    {
        await using var server = await CliServer.StartAsync(provider);
        using var client = server.Client();

        var error = await RpcAssertions.RpcFailure(() => client.Admin.ListApiKeysAsync(new ListApiKeysRequest { PageSize = -1 }).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(RpcAssertions.ErrorInfoOf(error).Metadata["field"], Is.EqualTo("page_size"));
    }

    [Test]
    public async Task A_page_token_the_server_did_not_issue_is_invalid_request_naming_page_token()
    {
        await using var server = await CliServer.StartAsync(provider);
        using var client = server.Client();

        var error = await RpcAssertions.RpcFailure(() => client.Admin.ListApiKeysAsync(new ListApiKeysRequest { PageToken = "not!a!token" }).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(RpcAssertions.ErrorInfoOf(error).Metadata["field"], Is.EqualTo("page_token"));
    }

    [Test]
    public async Task Every_admin_rpc_needs_the_admin_scope()
    {
        await using var server = await CliServer.StartAsync(provider);
        using var reader = server.Client(CliKeys.Reader);

        var error = await RpcAssertions.RpcFailure(() => reader.Admin.MintApiKeyAsync(new MintApiKeyRequest { Name = "x", Scopes = { "admin" } }).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(RpcAssertions.ErrorInfoOf(error).Reason, Is.EqualTo("SCOPE_MISSING"));
    }
}
