using System.Text.Json;
using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;

namespace Credits.Cli.Tests.Keys;

/// <summary>keys mint, list and revoke: runtime keys stored in the database, usable at once, refused once revoked.</summary>
public sealed class KeysCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task A_minted_key_works_at_once_with_its_scopes_and_its_name_is_the_journal_actor()
    {
        var minted = await Mint("billing-job", "ledger:read,ledger:write");
        var account = NewAccount();

        var granted = await CliRunner.RunAsync(["grant", account, "5", "--url", Server.Address.ToString(), "--api-key", minted.Secret]);
        var verify = await CliRunner.RunAsync(["verify", "--url", Server.Address.ToString(), "--api-key", minted.Secret]);

        Assert.That(granted.ExitCode, Is.Zero, granted.ToString());
        Assert.That(verify.ExitCode, Is.EqualTo(4), "no admin scope");
        Assert.That(verify.Error, Is.EqualTo("error: SCOPE_MISSING: The API key lacks the scope admin.\n"));
        var history = await Credits("history", account, "--json");
        Assert.That(JsonDocument.Parse(history.OutLines[0]).RootElement.GetProperty("actor").GetString(), Is.EqualTo("billing-job"));
    }

    [Test]
    public async Task Mint_prints_the_secret_once_and_list_shows_the_key_without_it()
    {
        var minted = await Mint("reporting", "ledger:read");

        var list = await Credits("keys", "list");
        var json = await Credits("keys", "list", "--json");

        Assert.That(list.ExitCode, Is.Zero, list.ToString());
        Assert.That(list.OutLines[0], Does.Match("^id +name +scopes +created +created by +revoked$"));
        var row = list.OutLines.Single(line => line.StartsWith(minted.KeyId, StringComparison.Ordinal));
        Assert.That(row, Does.Match($"^{minted.KeyId} +reporting +ledger:read +2026-03-01T09:30:00.000Z +operator +-$"));
        Assert.That(list.Out, Does.Not.Contain(minted.Secret));
        Assert.That(json.Out, Does.Not.Contain(minted.Secret));
        Assert.That(json.Out, Does.Contain(minted.KeyId));
    }

    [Test]
    public async Task A_revoked_key_is_refused_at_once_and_listed_only_with_all()
    {
        var minted = await Mint("short-lived", "ledger:read");
        var account = NewAccount();
        var before = await CliRunner.RunAsync(["balance", account, "--url", Server.Address.ToString(), "--api-key", minted.Secret]);

        var revoked = await Credits("keys", "revoke", minted.KeyId);
        var after = await CliRunner.RunAsync(["balance", account, "--url", Server.Address.ToString(), "--api-key", minted.Secret]);

        Assert.That(before.ExitCode, Is.Zero, before.ToString());
        Assert.That(revoked.ExitCode, Is.Zero, revoked.ToString());
        Assert.That(revoked.OutLines[0], Is.EqualTo($"revoked {minted.KeyId} (short-lived) at 2026-03-01T09:30:00.000Z"));
        Assert.That(after.ExitCode, Is.EqualTo(4));
        Assert.That(after.Error, Is.EqualTo("error: API_KEY_INVALID: The API key is not valid for this server.\n"));
        Assert.That((await Credits("keys", "list")).Out, Does.Not.Contain(minted.KeyId));
        Assert.That((await Credits("keys", "list", "--all")).Out, Does.Contain(minted.KeyId).And.Contain("by operator"));
    }

    [Test]
    public async Task Revoking_an_unknown_key_is_not_found_with_its_reason()
    {
        var result = await Credits("keys", "revoke", "ak_AAAAAAAAAAAAAAAAAAAAAA");

        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.Error, Is.EqualTo("error: API_KEY_NOT_FOUND: API key ak_AAAAAAAAAAAAAAAAAAAAAA does not exist.\n"));
    }

    [Test]
    public async Task Revoking_a_malformed_key_id_is_invalid_request_naming_key_id()
    {
        var result = await Credits("keys", "revoke", "not-a-key");

        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.Error, Does.StartWith("error: INVALID_REQUEST: key_id must be 'ak_'"));
    }

    [Test]
    public async Task Minting_with_an_unknown_scope_is_invalid_request_naming_the_field()
    {
        var result = await Credits("keys", "mint", "--name", "typo", "--scopes", "ledger:read,ledger:wirte");

        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.Error, Is.EqualTo(
            "error: INVALID_REQUEST: scopes[1]: 'ledger:wirte' is not a scope; known scopes are ledger:read, ledger:write, admin.\n"));
        Assert.That((await Credits("keys", "list")).Out, Does.Not.Contain("typo"));
    }

    [Test]
    public async Task Minting_with_a_reserved_name_is_invalid_request_naming_the_name()
    {
        var result = await Credits("keys", "mint", "--name", "system", "--scopes", "ledger:read");

        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.Error, Does.StartWith("error: INVALID_REQUEST: name must not be 'system'"));
    }

    private async Task<(string KeyId, string Secret)> Mint(string name, string scopes)
    {
        var result = await Credits("keys", "mint", "--name", name, "--scopes", scopes, "--json");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var json = JsonDocument.Parse(result.Out).RootElement;
        return (json.GetProperty("apiKey").GetProperty("keyId").GetString()!, json.GetProperty("secret").GetString()!);
    }
}
