using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// Referrals. <c>referral_codes</c> maps each user's stable referral code to its account (one code
/// per account, created on first ask). <c>referrals</c> holds one row per account that took part in
/// a referral or paid: who referred it and when, its reward state (<c>ReferralState</c>), whether it
/// has paid, how many accounts it referred, and its rewards in the current UTC month (the cap's
/// counter). It is read and written in the batch that decides, under the accounts' locks.
/// </summary>
[Migration(2026120721, "Referral codes and referrals")]
public sealed class AddReferrals : Migration
{
    private const string CreateCodes =
        """
        CREATE TABLE referral_codes (
            code           TEXT    NOT NULL PRIMARY KEY,
            account_id     TEXT    NOT NULL UNIQUE,
            created_at_ms  BIGINT  NOT NULL
        )
        """;

    private const string CreateReferrals =
        """
        CREATE TABLE referrals (
            account_id      TEXT     NOT NULL PRIMARY KEY,
            referred_by     TEXT     NULL,
            applied_at_ms   BIGINT   NULL,
            state           INTEGER  NOT NULL,
            paid            INTEGER  NOT NULL,
            rewarded_at_ms  BIGINT   NULL,
            referred_count  BIGINT   NOT NULL CHECK (referred_count >= 0),
            reward_month    BIGINT   NOT NULL,
            month_rewards   BIGINT   NOT NULL CHECK (month_rewards >= 0)
        )
        """;

    private const string IndexByReferrer =
        "CREATE INDEX referrals_by_referrer ON referrals (referred_by, applied_at_ms, account_id)";

    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql(CreateCodes);
        Execute.Sql(CreateReferrals);
        Execute.Sql(IndexByReferrer);
    }

    /// <inheritdoc />
    public override void Down()
    {
        Delete.Table("referrals");
        Delete.Table("referral_codes");
    }
}
