using CsCheck;
using Credits.Fuzz.Tests.Support;
using Google.Protobuf.Reflection;

namespace Credits.Fuzz.Tests.Generators;

/// <summary>
/// The <c>authorization</c> header of a call: mostly the key the service needs, sometimes the wrong
/// scope, none, an unknown key, garbage, or an end-user token (for its own account or another).
/// </summary>
internal static class Credentials
{
    private static readonly string[] Tokens = Values.Accounts.Select(account => "Bearer " + FuzzServer.EndUserToken(account)).ToArray();

    private static readonly Gen<string> Garbage =
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789._- "].Array[0, 40].Select(chars => new string(chars));

    public static Gen<string?> For(ServiceDescriptor service)
    {
        var admin = service.Name is "AdminService" or "SubscriptionService" or "PoolService";
        return Gen.Frequency<string?>(
            (admin ? 1 : 10, Gen.Const<string?>("Bearer " + FuzzServer.WriterKey)),
            (admin ? 10 : 1, Gen.Const<string?>("Bearer " + FuzzServer.AdminKey)),
            (1, Gen.Const<string?>("Bearer " + FuzzServer.ReaderKey)),
            (1, Gen.Const<string?>(() => null)),
            (1, Gen.Const<string?>("Bearer ck_fuzz_unknown_00000000000000")),
            (1, Gen.OneOf(Tokens).Select(token => (string?)token)),
            (1, Garbage.Select(text => (string?)text)));
    }
}
