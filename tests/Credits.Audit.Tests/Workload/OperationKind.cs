namespace Credits.Audit.Tests.Workload;

/// <summary>What one step of the workload does; the summary counts steps by kind.</summary>
public enum OperationKind
{
    Grant,
    GrantRetry,
    GrantChanged,
    Reserve,
    ReserveRetry,
    ReserveChanged,
    Commit,
    Release,
    ClaimLead,
    ClaimRetry,
    ClaimChanged,
    GetBalance,
    History,
    AdvanceClock,
    Sweep,
}
