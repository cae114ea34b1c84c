using Credits.Ledger.Keys;
using Credits.Server.Auth;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Credits.Server.Tests.Auth;

/// <summary>
/// A key revoked through this instance stops working here at once, from what the revoke stored:
/// before, the revoke reported success while the key kept working whenever the snapshot read after
/// it failed, and a snapshot read before it could bring the key back.
/// </summary>
public sealed class StoredKeyRevocationTests
{
    private const string Secret = "ck_revocation_test_secret";

    private static readonly StoredApiKey Key = new("key_1", "batch-job", ApiKeyStore.Hash(Secret), ["ledger:read"],
        DateTimeOffset.UnixEpoch, "ops", null, null);

    private static ApiKeyStore NewStore() =>
        new(Options.Create(new ApiKeyOptions()), new HostingEnvironment { EnvironmentName = Environments.Production });

    [Test]
    public void A_forgotten_key_stops_authenticating_without_a_snapshot_read()
    {
        var store = NewStore();
        store.ReplaceStoredKeys([Key]);
        Assert.That(store.TryAuthenticate(Secret, out _), Is.True);

        store.Forget(Key.Sha256);

        Assert.That(store.TryAuthenticate(Secret, out _), Is.False);
    }

    [Test]
    public void A_snapshot_read_before_the_revoke_does_not_bring_the_key_back()
    {
        var store = NewStore();
        store.ReplaceStoredKeys([Key]);
        store.Forget(Key.Sha256);

        store.ReplaceStoredKeys([Key]);

        Assert.That(store.TryAuthenticate(Secret, out _), Is.False);
    }
}
