using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Payments;

// What the idempotency keys and references of payments and subscriptions have in common: they are
// built from provider ids, under the provider's scope, and must fit the ledger's key limit.
internal static class ProviderKeys
{
    // Keys and references a Stripe report leads to start with the Stripe actor's name, so they
    // never meet those of a manual subscription.
    public const string Stripe = PaymentActors.Stripe + ":";

    // The key itself when it fits an idempotency key (128 characters); otherwise its head and a
    // digest of the whole, so long provider ids still give one stable key per business object.
    public static string Fit(string key)
    {
        if (key.Length <= Limits.IdempotencyKeyLengthMax)
        {
            return key;
        }
        var digest = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return key[..(Limits.IdempotencyKeyLengthMax - digest.Length - 1)] + "~" + digest;
    }
}
