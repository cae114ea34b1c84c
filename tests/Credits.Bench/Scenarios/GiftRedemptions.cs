using System.Globalization;
using Credits.Client;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Bench.Scenarios;

/// <summary>
/// RedeemGiftCode beside the pairs: the template's seed has one issuer create the codes (1,000 per
/// call, escrowed at creation), and each operation redeems the next unused one into an account of
/// the scenario's set: one transaction over the code's escrow and the redeemer. Every scenario's
/// database is a fresh copy of the template, so each starts from the first code again.
/// </summary>
internal sealed class GiftRedemptions(IReadOnlyList<string> codes)
{
    public const string Name = "ledger RedeemGiftCode";

    public const string Issuer = "user:bench-gift-issuer";

    private const int CodesPerCall = 1_000;

    private int _next;

    /// <summary>Grants the issuer enough and creates <paramref name="count"/> codes of one credit, valid for 30 days.</summary>
    public static async Task<GiftRedemptions> SeedAsync(CreditsClient client, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.GrantAsync(new GrantRequest
        {
            AccountId = Issuer, Amount = count, Bucket = Bucket.Purchased, Reference = "bench-seed", IdempotencyKey = "seed:" + Issuer,
        }, DateTime.UtcNow + Measurement.CallTimeout, cancellationToken);
        var codes = new List<string>(count);
        for (var batch = 0; codes.Count < count; batch++)
        {
            var created = await client.GiftsRaw.CreateGiftCodesAsync(new CreateGiftCodesRequest
            {
                IssuerAccountId = Issuer,
                Amount = 1,
                Count = Math.Min(CodesPerCall, count - codes.Count),
                ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(30)),
                IdempotencyKey = "seed-codes:" + batch.ToString(CultureInfo.InvariantCulture),
            }, deadline: DateTime.UtcNow + TimeSpan.FromMinutes(1), cancellationToken: cancellationToken);
            codes.AddRange(created.Codes.Select(code => code.Code));
        }
        return new GiftRedemptions(codes);
    }

    /// <summary>Back to the first code, for the next scenario's fresh copy of the template.</summary>
    public void Rewind() => _next = 0;

    /// <summary>One caller's operation: the next code into <paramref name="nextAccount"/>'s account, with a fresh idempotency key.</summary>
    public Measurement.Operation Create(CreditsClient client, string keyPrefix, Func<string> nextAccount)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        ArgumentNullException.ThrowIfNull(nextAccount);
        return async cancellationToken =>
        {
            var index = Interlocked.Increment(ref _next) - 1;
            if (index >= codes.Count)
            {
                throw new InvalidOperationException($"All {codes.Count} gift codes are redeemed: raise --gift-codes.");
            }
            var redeemed = await client.GiftsRaw.RedeemGiftCodeAsync(new RedeemGiftCodeRequest
            {
                Code = codes[index], AccountId = nextAccount(), IdempotencyKey = keyPrefix + index.ToString(CultureInfo.InvariantCulture),
            }, deadline: DateTime.UtcNow + Measurement.CallTimeout, cancellationToken: cancellationToken);
            if (redeemed.Redeemed != 1)
            {
                throw new InvalidOperationException($"Redeeming code {index} gave {redeemed.Redeemed} credits, not 1.");
            }
        };
    }
}
