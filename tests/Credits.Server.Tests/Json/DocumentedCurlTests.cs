using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;

namespace Credits.Server.Tests.Json;

/// <summary>
/// The curl commands of docs/http-json.md, exactly as written there (the blocks marked
/// <c>&lt;!-- spec: name --&gt;</c>), run by the real curl binary in one shell against a real server,
/// with <c>CREDITS_JSON</c> and <c>CREDITS_KEY</c> pointing at it: a newcomer who copies them gets
/// what the page shows.
/// </summary>
public sealed partial class DocumentedCurlTests(DatabaseProvider provider) : JsonFixture(provider)
{
    private const string Page = "docs/http-json.md";
    private const string Curl = "/usr/bin/curl";
    private static readonly string[] Steps = ["grant", "reserve", "commit", "balance", "insufficient", "no-key"];

    private static readonly JsonParser Replies = new(JsonParser.Settings.Default
        .WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    [Test]
    public async Task The_documented_grant_reserve_commit_balance_and_errors_give_the_documented_replies()
    {
        Assert.That(File.Exists(Curl), Is.True, "the curl binary the page's commands use");
        var outputs = await RunInOneShell(DocumentedBlocks());

        var granted = Replies.Parse<GrantResponse>(outputs["grant"]);
        var reserved = Replies.Parse<ReserveResponse>(outputs["reserve"]);
        var committed = Replies.Parse<CommitResponse>(outputs["commit"]);
        var balance = Replies.Parse<GetBalanceResponse>(outputs["balance"]).Balance;
        var insufficient = Info(outputs["insufficient"]);
        var noKey = Info(outputs["no-key"]);

        Assert.That(granted.Balance.Available, Is.EqualTo(100));
        Assert.That(reserved.Amount, Is.EqualTo(2 * LedgerServer.FeaturePrice));
        Assert.That(committed.Committed, Is.EqualTo(8));
        Assert.That(committed.Released, Is.EqualTo(2));
        Assert.That(balance.Available, Is.EqualTo(92));
        Assert.That(balance.Held, Is.Zero);
        Assert.That(insufficient.Reason, Is.EqualTo("INSUFFICIENT_CREDITS"));
        Assert.That(insufficient.Metadata["available"], Is.EqualTo("92"));
        Assert.That(noKey.Reason, Is.EqualTo("API_KEY_MISSING"));
    }

    private static ErrorInfo Info(string output) =>
        Replies.Parse<Google.Rpc.Status>(output).Details.Single().Unpack<ErrorInfo>();

    /// <summary>The page's marked blocks, by name, in the order of <see cref="Steps"/>.</summary>
    private static List<(string Name, string Script)> DocumentedBlocks()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), Page));
        var blocks = MarkedBlock().Matches(page).ToDictionary(match => match.Groups["name"].Value, match => match.Groups["script"].Value);
        Assert.That(blocks.Keys, Is.EquivalentTo(Steps), $"the blocks marked in {Page}");
        return [.. Steps.Select(step => (step, blocks[step]))];
    }

    // Each block's output follows a marker line, so one shell runs them all (HOLD carries from
    // reserve to commit) and the outputs are told apart afterwards.
    private async Task<Dictionary<string, string>> RunInOneShell(List<(string Name, string Script)> blocks)
    {
        var script = new StringBuilder();
        foreach (var (name, block) in blocks)
        {
            script.Append("echo '@@@ ").Append(name).Append("'\n").Append(block).Append('\n');
        }
        var start = new ProcessStartInfo("/bin/bash", ["-c", script.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["CREDITS_JSON"] = JsonAddress.ToString().TrimEnd('/'),
                ["CREDITS_KEY"] = TestKeys.Writer,
            },
        };
        using var shell = Process.Start(start)!;
        var stdout = shell.StandardOutput.ReadToEndAsync();
        var stderr = shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();
        Assert.That(await stderr, Is.Empty, "curl printed an error");
        var outputs = new Dictionary<string, string>();
        foreach (var part in (await stdout).Split("@@@ ", StringSplitOptions.RemoveEmptyEntries))
        {
            var newline = part.IndexOf('\n', StringComparison.Ordinal);
            outputs[part[..newline]] = part[(newline + 1)..].Trim();
        }
        return outputs;
    }

    [GeneratedRegex(@"<!-- spec: (?<name>[a-z-]+) -->\s*```sh\n(?<script>.*?)```", RegexOptions.Singleline)]
    private static partial Regex MarkedBlock();
}
