using System.Reflection;
using Credits.Client;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Credits.Server.Tests.Contract;

/// <summary>
/// What the Credits.Client package carries: the client stubs and the wrapper, but no service bases
/// to host a server with and no messages of its own. The messages live in Credits.Contracts, which
/// the client and the server share.
/// </summary>
public sealed class PackageContentsTests
{
    private static readonly Assembly ClientAssembly = typeof(CreditsClient).Assembly;

    private static readonly ServiceDescriptor[] Services =
        [LedgerService.Descriptor, AdminService.Descriptor, SubscriptionService.Descriptor];

    [Test]
    public void Client_package_ships_no_server_stubs()
    {
        var serverStubs = ClientAssembly.GetTypes().Where(IsOrDerivesFromServiceBase).Select(type => type.FullName);

        Assert.That(serverStubs, Is.Empty);
    }

    [Test]
    public void Client_package_ships_a_client_stub_for_every_service()
    {
        var clientStubs = ClientAssembly.GetTypes().Where(typeof(ClientBase).IsAssignableFrom).Select(type => type.Name);

        Assert.That(clientStubs, Is.SupersetOf(Services.Select(service => service.Name + "Client")));
    }

    [Test]
    public void Client_package_compiles_no_messages_of_its_own()
    {
        var messages = ClientAssembly.GetTypes().Where(typeof(IMessage).IsAssignableFrom).Select(type => type.FullName);

        Assert.That(messages, Is.Empty);
    }

    [Test]
    public void Every_credits_v1_message_lives_in_the_Credits_Contracts_assembly()
    {
        // The services' files and the credits.v1 files they import (types.proto, checkout.proto).
        var files = Services.Select(service => service.File)
            .SelectMany(file => file.Dependencies.Append(file))
            .Where(file => file.Package == "credits.v1")
            .Distinct();
        var messages = files.SelectMany(file => file.MessageTypes).Select(message => message.ClrType).ToList();

        Assert.That(messages, Is.Not.Empty);
        Assert.That(messages.Select(type => type.Assembly.GetName().Name).Distinct(), Is.EqualTo(["Credits.Contracts"]));
    }

    // Grpc.Tools marks each generated service base with [BindServiceMethod]; an implementation
    // inherits from it, so either one in the client assembly would let callers host the service.
    private static bool IsOrDerivesFromServiceBase(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsDefined(typeof(BindServiceMethodAttribute), inherit: false))
            {
                return true;
            }
        }
        return false;
    }
}
