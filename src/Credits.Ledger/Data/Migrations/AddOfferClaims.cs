using FluentMigrator;

namespace Credits.Ledger.Data.Migrations;

/// <summary>
/// The claims an account holds on a limited offer (a pack with <c>MaxPerAccount</c> or
/// <c>FirstPurchaseOnly</c>). A checkout takes one slot 0..max-1 before Stripe is called; the key
/// (account, pack, slot) makes two concurrent checkouts of the last slot collide, so a max-1 offer
/// is never sold twice. An unpaid claim lapses when its session can no longer be paid; a paid one
/// holds its slot for good.
/// </summary>
[Migration(2026120765, "Offer claims per account")]
public sealed class AddOfferClaims : Migration
{
    private const string CreateTable =
        """
        CREATE TABLE offer_claims (
            account_id     TEXT    NOT NULL,
            pack_id        TEXT    NOT NULL,
            slot           INTEGER NOT NULL CHECK (slot >= 0),
            claim_key      TEXT    NOT NULL,
            session_id     TEXT    NULL,
            paid           INTEGER NOT NULL DEFAULT 0,
            claimed_at_ms  BIGINT  NOT NULL,
            expires_at_ms  BIGINT  NOT NULL,
            PRIMARY KEY (account_id, pack_id, slot)
        )
        """;

    /// <inheritdoc />
    public override void Up()
    {
        Execute.Sql(CreateTable);
        // The webhook marks a claim paid by its session.
        Execute.Sql("CREATE INDEX ix_offer_claims_session ON offer_claims (session_id)");
    }

    /// <inheritdoc />
    public override void Down() => Delete.Table("offer_claims");
}
