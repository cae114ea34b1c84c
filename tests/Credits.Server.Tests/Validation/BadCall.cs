using Credits.V1;
using Grpc.Core;

namespace Credits.Server.Tests.Validation;

/// <summary>What a bad-input case may use: an account holding 100 credits with a hold of 10 on it.</summary>
/// <param name="Client">The generated client.</param>
/// <param name="Headers">The writer's key.</param>
/// <param name="AccountId">The account.</param>
/// <param name="HoldId">The active hold of 10 credits.</param>
public sealed record BadCallContext(LedgerService.LedgerServiceClient Client, Metadata Headers, string AccountId, string HoldId);

/// <summary>
/// One row of the bad-input table: a call, and the status, <c>ErrorInfo</c> reason, <c>BadRequest</c> field and
/// <c>ErrorInfo</c> metadata it must fail with. A null reason means the framework answers before the service.
/// </summary>
public sealed record BadCall(
    string Name,
    Func<BadCallContext, Task> Call,
    StatusCode Code,
    string? Reason,
    string? Field = null,
    IReadOnlyDictionary<string, string>? Metadata = null)
{
    public override string ToString() => Name;
}
