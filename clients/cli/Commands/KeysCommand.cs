using System.CommandLine;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary><c>credits keys mint|list|revoke</c>: the API keys stored in the server's database (AdminService).</summary>
internal static class KeysCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var command = new Command("keys", "Mint, list and revoke API keys (needs an admin key).")
        {
            Mint(options, console), List(options, console), Revoke(options, console),
        };
        return command;
    }

    private static Command Mint(GlobalOptions options, CliConsole console)
    {
        var name = new Option<string>("--name") { Description = "The calling service, written into the journal: 1 to 64 of [A-Za-z0-9._-].", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated: ledger:read, ledger:write, admin.", Required = true };
        var command = new Command("mint", "Mint a key; its secret is printed this once only.") { name, scopes };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var request = new MintApiKeyRequest { Name = run.Value(name) };
            request.Scopes.AddRange(run.Value(scopes).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var response = await run.Client.Admin.MintApiKeyAsync(request, cancellationToken: cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"minted {response.ApiKey.KeyId} for {response.ApiKey.Name} ({string.Join(",", response.ApiKey.Scopes)})");
            run.Out.WriteLine("secret (shown only this once; send it as 'authorization: Bearer <secret>'):");
            run.Out.WriteLine(response.Secret);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(GlobalOptions options, CliConsole console)
    {
        var all = new Option<bool>("--all") { Description = "Include revoked keys." };
        var command = new Command("list", "List the stored keys, oldest first (never their secrets).") { all };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var keys = new List<ApiKey>();
            var request = new ListApiKeysRequest { IncludeRevoked = run.Value(all) };
            do
            {
                var page = await run.Client.Admin.ListApiKeysAsync(request, cancellationToken: cancellationToken);
                keys.AddRange(page.ApiKeys);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);
            if (run.Json)
            {
                var response = new ListApiKeysResponse { ApiKeys = { keys } };
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            TextTable.Write(run.Out, ["id", "name", "scopes", "created", "created by", "revoked"],
                keys.Select(key => (IReadOnlyList<string>)
                [
                    key.KeyId, key.Name, string.Join(",", key.Scopes), Timestamps.Format(key.CreatedAt), key.CreatedBy,
                    key.RevokedAt is null ? "-" : $"{Timestamps.Format(key.RevokedAt)} by {key.RevokedBy}",
                ]));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Revoke(GlobalOptions options, CliConsole console)
    {
        var keyId = new Argument<string>("key-id") { Description = "The key's id, from keys list." };
        var command = new Command("revoke", "Revoke a key: refused at once by this server, within seconds by the others.") { keyId };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var response = await run.Client.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = run.Value(keyId) }, cancellationToken: cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"revoked {response.ApiKey.KeyId} ({response.ApiKey.Name}) at {Timestamps.Format(response.ApiKey.RevokedAt)}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
