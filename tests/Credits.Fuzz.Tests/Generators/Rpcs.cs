using CsCheck;
using Google.Protobuf.Reflection;

namespace Credits.Fuzz.Tests.Generators;

/// <summary>Every RPC the gRPC listener serves to callers: five of the credits services (PoolService, GiftService and ReferralService too), health and reflection.</summary>
internal static class Rpcs
{
    public static readonly IReadOnlyList<MethodDescriptor> All =
    [
        .. LedgerService.Descriptor.Methods,
        .. AdminService.Descriptor.Methods,
        .. SubscriptionService.Descriptor.Methods,
        .. PoolService.Descriptor.Methods,
        .. GiftService.Descriptor.Methods,
        .. ReferralService.Descriptor.Methods,
        .. Grpc.Health.V1.Health.Descriptor.Methods,
        .. Grpc.Reflection.V1Alpha.ServerReflection.Descriptor.Methods,
    ];

    /// <summary>Any RPC; health's Watch never ends by itself (each call waits out its deadline), so it comes rarely.</summary>
    public static readonly Gen<MethodDescriptor> Any = Gen.Frequency(
        All.Select(method => (method.Name == "Watch" ? 1 : 12, (IGen<MethodDescriptor>)Gen.Const(method))).ToArray());

    public static string Path(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";
}
