using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.V1;

namespace Credits.Cli.Tests.Gifts;

/// <summary>
/// <c>credits gift-codes create|list|revoke|redeem</c> and <c>credits gift bulk</c>: codes printed
/// or exported once as CSV, lists without codes, revocation and redemption with the server's
/// reasons, and a bulk gift from a CSV file that moves all or nothing.
/// </summary>
public sealed class GiftCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    private const string Expires = "2026-06-01T00:00:00Z";
    private static readonly string[] EveryState = ["redeemed", "revoked", "active"];

    [Test]
    public async Task Create_exports_the_codes_as_csv_list_hides_them_and_revoke_and_redeem_end_them()
    {
        var (issuer, bob) = (NewAccount("org"), NewAccount());
        await Grant(issuer, 100, $"g-{Guid.NewGuid():N}");
        var csv = Path.Combine(Path.GetTempPath(), $"codes-{Guid.NewGuid():N}.csv");
        try
        {
            var created = await Credits("gift-codes", "create", "--issuer", issuer, "--amount", "10", "--count", "3", "--expires", Expires,
                "--csv", csv, "--idempotency-key", "campaign-1");
            var rows = (await File.ReadAllLinesAsync(csv)).ToList();
            var codes = rows.Skip(1).Select(row => row.Split(',')).ToList();
            var redeemed = await Credits("gift-codes", "redeem", codes[0][1].ToLowerInvariant(), "--account", bob);
            var revoked = await Credits("gift-codes", "revoke", codes[1][0], "--issuer", issuer);
            var again = await Credits("gift-codes", "revoke", codes[1][0], "--issuer", issuer);
            var listed = await Credits("gift-codes", "list", issuer);
            var active = await Credits("gift-codes", "list", issuer, "--state", "active", "--json");

            Assert.That(created.ExitCode, Is.Zero, created.ToString());
            Assert.That(created.OutLines.Single(), Does.StartWith("created 3 codes (30 credits in escrow) into "));
            Assert.That(rows[0], Is.EqualTo("code_id,code,amount,expires_at"));
            Assert.That(codes.Select(code => (code.Length, code[2], code[3])), Is.All.EqualTo((4, "10", "2026-06-01T00:00:00.000Z")));
            Assert.That(redeemed.OutLines[0], Does.StartWith($"redeemed {codes[0][0]}: 10 credits"));
            Assert.That(revoked.OutLines[0], Does.StartWith($"revoked {codes[1][0]}: 10 credits back"));
            Assert.That(again.ExitCode, Is.EqualTo(3), again.ToString());
            Assert.That(again.Error, Does.Contain("GIFT_CODE_REVOKED"));
            Assert.That(listed.OutLines[0], Does.Match("^id +ends +amount +state +created +expires +ended by$"));
            Assert.That(listed.OutLines.Skip(1).Select(line => line.Split("  ", StringSplitOptions.RemoveEmptyEntries)[3].Trim()),
                Is.EquivalentTo(EveryState));
            Assert.That(listed.Out, Does.Not.Contain(codes[2][1]), "a list never shows a code");
            Assert.That(active.OutLines.Single(), Does.Contain(codes[2][0]));
            Assert.That((await Client.GetBalanceAsync(issuer)).Available, Is.EqualTo(80));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Test]
    public async Task Create_without_csv_prints_the_codes_once()
    {
        var issuer = NewAccount("org");
        await Grant(issuer, 10, $"g-{Guid.NewGuid():N}");

        var created = await Credits("gift-codes", "create", "--issuer", issuer, "--amount", "5", "--count", "2", "--expires", Expires);

        Assert.That(created.ExitCode, Is.Zero, created.ToString());
        Assert.That(created.OutLines[0], Does.Match("^code +id +amount +expires$"));
        Assert.That(created.OutLines.Skip(1).Take(2), Has.All.Match(@"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z] +gift_\S+ +5 +2026-06-01"));
        Assert.That(created.OutLines[^1], Does.StartWith("10 credits in escrow"));
    }

    [Test]
    public async Task Gift_bulk_reads_a_csv_and_moves_all_or_nothing()
    {
        var (from, a, b) = (NewAccount("org"), NewAccount(), NewAccount());
        await Grant(from, 100, $"g-{Guid.NewGuid():N}");
        var good = Path.Combine(Path.GetTempPath(), $"team-{Guid.NewGuid():N}.csv");
        var bad = Path.Combine(Path.GetTempPath(), $"team-{Guid.NewGuid():N}.csv");
        var malformed = Path.Combine(Path.GetTempPath(), $"team-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(good, $"account_id,amount\n{a},15\n# on leave\n{b},25\n");
        await File.WriteAllTextAsync(bad, $"{a},15\nlead:x,1\n");
        await File.WriteAllTextAsync(malformed, $"{a},fifteen\n");
        try
        {
            var refused = await Credits("gift", "bulk", "--from", from, "--file", bad);
            var unreadable = await Credits("gift", "bulk", "--from", from, "--file", malformed);
            var gifted = await Credits("gift", "bulk", "--from", from, "--file", good, "--note", "Q4 bonus", "--idempotency-key", "q4");
            var repeat = await Credits("gift", "bulk", "--from", from, "--file", good, "--note", "Q4 bonus", "--idempotency-key", "q4");

            Assert.That(refused.ExitCode, Is.EqualTo(3), refused.ToString());
            Assert.That(refused.Error, Does.Contain("INVALID_REQUEST").And.Contain("recipients[1].account_id"));
            Assert.That(unreadable.ExitCode, Is.EqualTo(2), unreadable.ToString());
            Assert.That(unreadable.Error, Does.Contain("line 1"));
            Assert.That(gifted.ExitCode, Is.Zero, gifted.ToString());
            Assert.That(gifted.OutLines[0], Is.EqualTo($"gifted 40 credits from {from} to 2 accounts (idempotency key q4)"));
            Assert.That(repeat.Out, Is.EqualTo(gifted.Out));
            Assert.That(((await Client.GetBalanceAsync(a)).Available, (await Client.GetBalanceAsync(b)).Available, (await Client.GetBalanceAsync(from)).Available),
                Is.EqualTo((15L, 25L, 60L)));
        }
        finally
        {
            File.Delete(good);
            File.Delete(bad);
            File.Delete(malformed);
        }
    }
}
