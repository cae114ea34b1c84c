using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;

namespace Credits.Cli.Tests.Referrals;

/// <summary><c>credits referrals code|apply|list</c>: the code, applying it with the server's reasons, and the list.</summary>
public sealed class ReferralsCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task Code_prints_a_stable_code_apply_refers_a_new_user_once_and_list_shows_it_pending()
    {
        var (ann, bob, carl) = (NewAccount(), NewAccount(), NewAccount());

        var code = await Credits("referrals", "code", ann);
        var again = await Credits("referrals", "code", ann);
        var applied = await Credits("referrals", "apply", code.OutLines.Single().ToLowerInvariant(), "--account", bob, "--idempotency-key", "signup");
        var carlsCode = (await Credits("referrals", "code", carl)).OutLines.Single();
        var refused = await Credits("referrals", "apply", carlsCode, "--account", bob);
        var listed = await Credits("referrals", "list", ann);

        Assert.That(code.OutLines.Single(), Does.Match("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"));
        Assert.That(again.OutLines.Single(), Is.EqualTo(code.OutLines.Single()));
        Assert.That(applied.OutLines.Single(), Is.EqualTo($"{bob} referred by {ann} (idempotency key signup)"));
        Assert.That(refused.ExitCode, Is.EqualTo(3), refused.ToString());
        Assert.That(refused.Error, Does.Contain("ALREADY_REFERRED"));
        Assert.That(listed.OutLines[0], Does.Match("^referee +state +applied +rewarded$"));
        Assert.That(listed.OutLines[1], Does.StartWith(bob).And.Contain("pending"));
    }
}
