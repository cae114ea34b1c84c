using Grpc.Core;

namespace Credits.Cli.Hosting;

/// <summary>The process exit codes, documented in the README; scripts branch on them.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary><c>verify</c> found broken invariants.</summary>
    public const int ViolationsFound = 1;

    /// <summary>The command line is wrong (unknown option, missing argument, no API key).</summary>
    public const int Usage = 2;

    /// <summary>The server refused the request: bad input, not found, a failed precondition, a reused key.</summary>
    public const int Rejected = 3;

    /// <summary>The API key is missing, unknown, revoked, or lacks the scope.</summary>
    public const int Unauthorized = 4;

    /// <summary>The server or its database could not be reached, or the deadline passed: retrying may work.</summary>
    public const int Unavailable = 5;

    /// <summary>The server failed unexpectedly (INTERNAL and anything else).</summary>
    public const int Failed = 6;

    /// <summary>Interrupted (Ctrl-C), as shells report SIGINT; <c>history --follow</c> exits 0 instead.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code of a call that failed with <paramref name="code"/>.</summary>
    public static int For(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.AlreadyExists
            or StatusCode.OutOfRange or StatusCode.ResourceExhausted => Rejected,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => Unauthorized,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted => Unavailable,
        StatusCode.Cancelled => Interrupted,
        _ => Failed,
    };
}
