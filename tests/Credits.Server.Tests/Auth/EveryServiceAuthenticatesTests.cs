using System.Reflection;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Credits.Server.Tests.Auth;

/// <summary>
/// Every unary method of every credits.v1 service refuses a call without a key: a service mapped
/// without the authenticating interceptors (its own AddServiceOptions line in ServerHost) would
/// answer anyone, so this walks the contracts rather than a list kept by hand.
/// </summary>
public sealed class EveryServiceAuthenticatesTests(DatabaseProvider provider) : ServerFixture(provider)
{
    private static readonly Marshaller<byte[]> Bytes = new(bytes => bytes, bytes => bytes);

    private static IEnumerable<MethodDescriptor> UnaryMethods() =>
        typeof(Credits.V1.GiftCode).Assembly.GetTypes()
            .Where(type => type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods)
            .Where(method => !method.IsClientStreaming && !method.IsServerStreaming);

    [Test]
    public async Task Every_unary_method_without_a_key_is_unauthenticated_api_key_missing()
    {
        var methods = UnaryMethods().ToList();
        var invoker = Server.Channel.CreateCallInvoker();

        var refusals = new List<string>();
        foreach (var method in methods)
        {
            var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Bytes, Bytes);
            var error = await RpcFailure(() => invoker.AsyncUnaryCall(call, null, new CallOptions(), []).ResponseAsync);
            refusals.Add($"{method.FullName}: {error.StatusCode} {ErrorInfoOf(error).Reason}");
        }

        Assert.That(methods.Select(method => method.Service.Name).Distinct(), Does.Contain("GiftService").And.Contain("LedgerService"));
        Assert.That(refusals, Is.All.EndsWith(": Unauthenticated API_KEY_MISSING"));
    }
}
