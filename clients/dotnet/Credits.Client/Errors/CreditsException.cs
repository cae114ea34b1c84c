using System.Collections.ObjectModel;
using Grpc.Core;

namespace Credits.Client.Errors;

/// <summary>
/// A call to the credits service failed. Every <see cref="Grpc.Core.RpcException"/> a <see cref="CreditsClient"/>
/// call raises reaches the caller as this type or one of its subclasses (chosen by the
/// <c>google.rpc.ErrorInfo</c> reason, see <see cref="ErrorTranslator"/>); the original exception is the
/// <see cref="Exception.InnerException"/>. A failure with an unknown reason, or none, is a plain
/// <see cref="CreditsException"/> with <see cref="StatusCode"/> set, including <see cref="StatusCode.Cancelled"/>
/// and <see cref="StatusCode.DeadlineExceeded"/>.
/// </summary>
public class CreditsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, as the server described it.</param>
    /// <param name="statusCode">The gRPC status code of the failed call.</param>
    /// <param name="reason">The <c>ErrorInfo</c> reason, such as <c>INSUFFICIENT_CREDITS</c>; <see langword="null"/> if the server sent none.</param>
    /// <param name="metadata">The <c>ErrorInfo</c> metadata (lowerCamel keys, decimal-string numbers); copied.</param>
    /// <param name="innerException">The <see cref="Grpc.Core.RpcException"/> this exception translates, if any.</param>
    public CreditsException(
        string message,
        StatusCode statusCode,
        string? reason,
        IReadOnlyDictionary<string, string>? metadata,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Reason = string.IsNullOrEmpty(reason) ? null : reason;
        Metadata = metadata is null || metadata.Count == 0
            ? ReadOnlyDictionary<string, string>.Empty
            : new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(metadata, StringComparer.Ordinal));
    }

    /// <summary>The gRPC status code of the failed call.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>
    /// The <c>google.rpc.ErrorInfo</c> reason (see <see cref="CreditsErrorReasons"/>), or <see langword="null"/> when
    /// the failure carried no <c>ErrorInfo</c> (for example a transport failure, a cancellation or a deadline).
    /// </summary>
    public string? Reason { get; }

    /// <summary>The <c>google.rpc.ErrorInfo</c> metadata: lowerCamel keys, numbers as decimal strings; empty if none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// How long the server asked the caller to wait before retrying (its <c>google.rpc.RetryInfo</c>), or
    /// <see langword="null"/> when it gave no delay.
    /// </summary>
    public TimeSpan? RetryDelay => RpcException is { } rpc ? ErrorTranslator.RetryDelayOf(rpc) : null;

    /// <summary>The gRPC exception this one translates, or <see langword="null"/> if it was created otherwise.</summary>
    public RpcException? RpcException => InnerException as RpcException;
}
