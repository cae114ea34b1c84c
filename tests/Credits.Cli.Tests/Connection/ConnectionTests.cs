using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;

namespace Credits.Cli.Tests.Connection;

/// <summary>Where the server and key come from, and what happens when they are missing or wrong.</summary>
public sealed class ConnectionTests(DatabaseProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task The_server_and_key_come_from_credits_url_and_credits_api_key_when_no_flag_gives_them()
    {
        var environment = new Dictionary<string, string> { ["CREDITS_URL"] = Server.Address.ToString(), ["CREDITS_API_KEY"] = CliKeys.Admin };

        var result = await CliRunner.RunAsync(["balance", NewAccount()], environment);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [Test]
    public async Task Flags_win_over_the_environment()
    {
        var environment = new Dictionary<string, string> { ["CREDITS_URL"] = "http://127.0.0.1:1", ["CREDITS_API_KEY"] = CliKeys.Unknown };

        var result = await CliRunner.RunAsync(["balance", NewAccount(), "--url", Server.Address.ToString(), "--api-key", CliKeys.Admin], environment);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [Test]
    public async Task Without_a_key_the_cli_says_how_to_give_one_and_exits_2()
    {
        var result = await CliRunner.RunAsync(["balance", NewAccount(), "--url", Server.Address.ToString()]);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Is.EqualTo("error: USAGE: no API key: pass --api-key or set $CREDITS_API_KEY.\n"));
    }

    [Test]
    public async Task An_unknown_key_prints_api_key_invalid_and_exits_4()
    {
        var result = await CliRunner.RunAsync(["balance", NewAccount(), "--url", Server.Address.ToString(), "--api-key", CliKeys.Unknown]);

        Assert.That(result.ExitCode, Is.EqualTo(4));
        Assert.That(result.Error, Is.EqualTo("error: API_KEY_INVALID: The API key is not valid for this server.\n"));
    }

    [Test]
    public async Task A_key_without_the_admin_scope_cannot_verify_and_is_told_which_scope_is_missing()
    {
        var result = await CliRunner.RunAsync(["verify", "--url", Server.Address.ToString(), "--api-key", CliKeys.Reader]);

        Assert.That(result.ExitCode, Is.EqualTo(4));
        Assert.That(result.Error, Is.EqualTo("error: SCOPE_MISSING: The API key lacks the scope admin.\n"));
    }

    [Test]
    public async Task A_server_that_does_not_answer_is_unavailable_with_exit_code_5()
    {
        var result = await CliRunner.RunAsync(["balance", NewAccount(), "--url", "http://127.0.0.1:1", "--api-key", CliKeys.Admin]);

        Assert.That(result.ExitCode, Is.EqualTo(5), result.ToString());
        Assert.That(result.Error, Does.StartWith("error: UNAVAILABLE: "));
    }

    [Test]
    public async Task An_unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var result = await Credits("balance", NewAccount(), "--colour");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("error: USAGE: "));
        Assert.That(result.Error, Does.Contain("--colour"));
    }
}
