namespace Credits.Audit.Tests.Model;

/// <summary>
/// How a call reaches the ledger: through the gRPC client, or straight into the domain API (for the
/// commands the service does not expose). It decides only the form of replies and errors.
/// </summary>
public enum ModelChannel
{
    Grpc,
    Ledger,
}
