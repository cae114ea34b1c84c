using Google.Rpc;
using Grpc.Core;
using NUnit.Framework;

namespace Credits.Testing;

/// <summary>Assertions on gRPC failures shared by the end-to-end suites.</summary>
public static class RpcAssertions
{
    /// <summary>Runs a call that must fail and returns its error; a success fails the test.</summary>
    public static async Task<RpcException> RpcFailure(Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call();
        }
        catch (RpcException error)
        {
            return error;
        }
        Assert.Fail("Expected the call to fail with an RpcException, but it succeeded.");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The error's single <c>google.rpc.ErrorInfo</c> in domain <c>credits.v1</c>; anything else fails the test.</summary>
    public static ErrorInfo ErrorInfoOf(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = error.GetRpcStatus();
        Assert.That(status, Is.Not.Null, $"{error.StatusCode} carries a google.rpc.Status");
        var infos = status!.Details.Where(detail => detail.Is(ErrorInfo.Descriptor)).Select(detail => detail.Unpack<ErrorInfo>()).ToList();
        Assert.That(infos, Has.Count.EqualTo(1), "exactly one ErrorInfo");
        Assert.That(infos[0].Domain, Is.EqualTo("credits.v1"));
        return infos[0];
    }

    /// <summary>The error's <c>google.rpc.BadRequest</c>, or null.</summary>
    public static BadRequest? BadRequestOf(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.GetRpcStatus()?.GetDetail<BadRequest>();
    }
}
