using System.CommandLine;
using System.Globalization;
using System.Text;
using Credits.Cli.Hosting;
using Credits.Cli.Output;
using Credits.V1;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>credits gift-codes create|list|revoke|redeem</c>: GiftService for operators. <c>create</c>
/// prints the codes (or writes them to a CSV file for a campaign); lists never show a code again.
/// </summary>
internal static class GiftCodesCommand
{
    public static Command Create(GlobalOptions options, CliConsole console) =>
        new("gift-codes", "Create, list, revoke and redeem gift codes.")
        {
            CreateCodes(options, console), List(options, console), Revoke(options, console), Redeem(options, console),
        };

    private static Command CreateCodes(GlobalOptions options, CliConsole console)
    {
        var issuer = new Option<string>("--issuer") { Description = "The account the credits leave, user:<id> or org:<id>.", Required = true };
        var amount = new Option<long>("--amount") { Description = "Credits per code.", Required = true };
        var count = new Option<int>("--count") { Description = "Codes to create, 1 to 1,000.", DefaultValueFactory = _ => 1 };
        var expires = new Option<DateTimeOffset>("--expires")
        {
            Description = "When unredeemed codes stop working and return to the issuer: an ISO 8601 instant, or a number of days such as 30d.",
            Required = true,
            CustomParser = ExpiryParser,
        };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write the codes to this CSV file (code_id,code,amount,expires_at) instead of printing them." };
        var key = IdempotencyKeyOption.Create();
        var command = new Command("create", "Create gift codes: the credits go into escrow now; the codes are shown only this once.")
            { issuer, amount, count, expires, csv, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var response = await run.Client.CreateGiftCodesAsync(run.Value(issuer), run.Value(amount), run.Value(count), run.Value(expires),
                run.Value(key), cancellationToken);
            if (run.Value(csv) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, Csv(response.Codes), Encoding.UTF8, cancellationToken);
                run.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"created {response.Codes.Count} codes ({response.Escrowed} credits in escrow) into {file.FullName} (idempotency key {run.Value(key)})"));
                return ExitCodes.Ok;
            }
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            TextTable.Write(run.Out, ["code", "id", "amount", "expires"],
                response.Codes.Select(code => (IReadOnlyList<string>)[code.Code, code.CodeId, BalanceText.Number(code.Amount), Timestamps.Format(code.ExpiresAt)]));
            run.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{response.Escrowed} credits in escrow (idempotency key {run.Value(key)}); these codes are not shown again"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(GlobalOptions options, CliConsole console)
    {
        var issuer = new Argument<string>("issuer") { Description = "The issuer, for example org:acme." };
        var state = new Option<string?>("--state") { Description = "Only codes in this state: active, redeemed, revoked or expired." };
        state.AcceptOnlyFromAmong("active", "redeemed", "revoked", "expired");
        var command = new Command("list", "List an issuer's gift codes, newest first (never the codes themselves).") { issuer, state };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var filter = run.Value(state) switch
            {
                "active" => GiftCodeState.Active,
                "redeemed" => GiftCodeState.Redeemed,
                "revoked" => GiftCodeState.Revoked,
                "expired" => GiftCodeState.Expired,
                _ => GiftCodeState.Unspecified,
            };
            var rows = new List<IReadOnlyList<string>>();
            await foreach (var code in run.Client.ListGiftCodesAsync(run.Value(issuer), filter, cancellationToken: cancellationToken))
            {
                if (run.Json)
                {
                    ProtoJson.Write(run.Out, code);
                    continue;
                }
                rows.Add([
                    code.CodeId, "…" + code.DisplaySuffix, BalanceText.Number(code.Amount), code.State.ToString().ToLowerInvariant(),
                    Timestamps.Format(code.CreateTime), Timestamps.Format(code.ExpireTime), code.EndedBy,
                ]);
            }
            if (!run.Json)
            {
                TextTable.Write(run.Out, ["id", "ends", "amount", "state", "created", "expires", "ended by"], rows);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Revoke(GlobalOptions options, CliConsole console)
    {
        var issuer = new Option<string>("--issuer") { Description = "The account that created the code.", Required = true };
        var codeId = new Argument<string>("code-id") { Description = "The code's id, gift_…, as create and list show it." };
        var key = IdempotencyKeyOption.Create();
        var command = new Command("revoke", "Revoke an unredeemed gift code: its credits go back to the issuer.") { codeId, issuer, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var response = await run.Client.RevokeGiftCodeAsync(run.Value(issuer), run.Value(codeId), run.Value(key), cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"revoked {response.CodeId}: {BalanceText.Number(response.Returned)} credits back (idempotency key {run.Value(key)})");
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.IssuerBalance);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Redeem(GlobalOptions options, CliConsole console)
    {
        var code = new Argument<string>("code") { Description = "The gift code, XXXX-XXXX-XXXX-XXXX-C (case, dashes and spaces do not matter)." };
        var account = new Option<string>("--account") { Description = "The account the credits go to, for example user:42.", Required = true };
        var key = IdempotencyKeyOption.Create();
        var command = new Command("redeem", "Redeem a gift code into an account (support, on a customer's behalf).") { code, account, key };
        command.SetAction(CommandRun.Action(options, console, async (run, cancellationToken) =>
        {
            var response = await run.Client.RedeemGiftCodeAsync(run.Value(code), run.Value(account), run.Value(key), cancellationToken);
            if (run.Json)
            {
                ProtoJson.Write(run.Out, response);
                return ExitCodes.Ok;
            }
            run.Out.WriteLine($"redeemed {response.CodeId}: {BalanceText.Number(response.Redeemed)} credits (idempotency key {run.Value(key)})");
            run.Out.WriteLine();
            BalanceText.Write(run.Out, response.Balance);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Csv(IEnumerable<CreatedGiftCode> codes)
    {
        var text = new StringBuilder("code_id,code,amount,expires_at\n");
        foreach (var code in codes)
        {
            // Ids, codes (Crockford base32 and dashes), numbers and instants: nothing to quote.
            text.Append(CultureInfo.InvariantCulture, $"{code.CodeId},{code.Code},{code.Amount},{Timestamps.Format(code.ExpiresAt)}\n");
        }
        return text.ToString();
    }

    // "30d" is 30 days from now; anything else is an ISO 8601 instant.
    private static DateTimeOffset ExpiryParser(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (text.EndsWith('d') && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return DateTimeOffset.UtcNow.AddDays(days);
        }
        return Instants.Parse(result);
    }
}
