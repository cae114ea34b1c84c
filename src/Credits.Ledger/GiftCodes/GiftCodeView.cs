namespace Credits.Ledger.GiftCodes;

/// <summary>A gift code as lists show it: never the code itself, only its id and last group.</summary>
/// <param name="CodeId">The opaque id RevokeGiftCode takes.</param>
/// <param name="IssuerAccountId">The account whose credits are in its escrow.</param>
/// <param name="DisplaySuffix">The code's last random group of 4 characters, to tell codes apart.</param>
/// <param name="Amount">Credits it gives.</param>
/// <param name="State">Active, redeemed, revoked or expired (returned by the sweeper).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="EndedBy">The redeemer, or who revoked it; empty while active or when the sweeper returned it.</param>
/// <param name="EndedAt">When it was redeemed, revoked or returned; null while active.</param>
public sealed record GiftCodeView(
    string CodeId,
    string IssuerAccountId,
    string DisplaySuffix,
    long Amount,
    GiftCodeState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string EndedBy,
    DateTimeOffset? EndedAt);

/// <summary>A page of an issuer's gift codes, newest first, and the token of the next page ("" at the end).</summary>
public sealed record GiftCodePage(IReadOnlyList<GiftCodeView> Codes, string NextPageToken);
