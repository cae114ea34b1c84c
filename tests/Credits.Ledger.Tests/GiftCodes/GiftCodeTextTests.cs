using Credits.Ledger.GiftCodes;

namespace Credits.Ledger.Tests.GiftCodes;

public sealed class GiftCodeTextTests
{
    [Test]
    public void A_new_code_is_sixteen_random_characters_and_a_check_character_in_groups_of_four()
    {
        var code = GiftCodeText.Format(GiftCodeText.NewCanonical());

        Assert.That(code, Does.Match("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$"));
        Assert.That(GiftCodeText.TryCanonical(code), Is.EqualTo(code.Replace("-", "")));
    }

    [Test]
    public void Codes_are_read_case_insensitively_without_dashes_and_with_look_alike_letters()
    {
        var canonical = GiftCodeText.NewCanonical();
        var typed = GiftCodeText.Format(canonical).ToLowerInvariant().Replace('0', 'o').Replace('1', 'l');

        Assert.That(GiftCodeText.TryCanonical(typed), Is.EqualTo(canonical));
        Assert.That(GiftCodeText.TryCanonical(canonical.Insert(4, " ")), Is.EqualTo(canonical));
    }

    [Test]
    public void Every_single_mistyped_character_is_caught_by_the_check_character()
    {
        var canonical = GiftCodeText.NewCanonical();
        for (var position = 0; position < canonical.Length; position++)
        {
            foreach (var wrong in GiftCodeText.Alphabet.Where(character => character != canonical[position]))
            {
                var typo = canonical[..position] + wrong + canonical[(position + 1)..];
                Assert.That(GiftCodeText.TryCanonical(typo), Is.Null, $"{typo} differs from {canonical} at {position}");
            }
        }
    }

    [TestCase("")]
    [TestCase("ABCD-EFGH-JKMN-PQRS")]
    [TestCase("ABCD-EFGH-JKMN-PQRS-TV")]
    [TestCase("ABCD-EFGH-JKMN-PQRU-T")]
    [TestCase("ABCD_EFGH_JKMN_PQRS_T")]
    public void Text_that_is_not_a_code_is_refused(string typed) =>
        Assert.That(GiftCodeText.TryCanonical(typed), Is.Null);

    [Test]
    public void Codes_differ_and_are_stored_as_their_sha256()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => GiftCodeText.NewCanonical()).ToHashSet();

        Assert.That(codes, Has.Count.EqualTo(1000));
        var one = codes.First();
        Assert.That(GiftCodeText.Hash(one), Does.Match("^[0-9a-f]{64}$").And.Not.Contains(one.ToLowerInvariant()));
    }
}
