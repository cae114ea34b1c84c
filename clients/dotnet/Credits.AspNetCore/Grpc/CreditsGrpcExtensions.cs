using Credits.AspNetCore.Charging;
using Credits.AspNetCore.Http;
using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace Credits.AspNetCore.Grpc;

/// <summary>Wires the interceptor into a product gRPC server, and what a priced method may do with its charge.</summary>
public static class CreditsGrpcExtensions
{
    /// <summary>Charges every method marked <see cref="RequireCreditsAttribute"/>: <c>services.AddGrpc(o =&gt; o.AddCredits())</c>.</summary>
    /// <param name="options">The gRPC server's options.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static GrpcServiceOptions AddCredits(this GrpcServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Interceptors.Add<CreditsServerInterceptor>();
        return options;
    }

    /// <summary>The credits held for this call, or <see langword="null"/> if its method is not priced.</summary>
    /// <param name="context">The call.</param>
    /// <returns>The charge.</returns>
    public static CreditCharge? GetCreditCharge(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().GetCreditCharge();
    }

    /// <summary>Says this call used only <paramref name="credits"/> of its price: on OK that much is committed (0 releases the hold).</summary>
    /// <param name="context">The call.</param>
    /// <param name="credits">From 0 to the price.</param>
    /// <exception cref="InvalidOperationException">The method is not priced, or the interceptor is not registered.</exception>
    public static void UseCredits(this ServerCallContext context, long credits)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.GetHttpContext().UseCredits(credits);
    }
}
