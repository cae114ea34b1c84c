using System.CommandLine;

namespace Credits.Cli.Commands;

/// <summary>
/// <c>--idempotency-key</c>: a fresh one per run when not given. The key is printed, so that an
/// operator whose command timed out can repeat it with the same key and be sure it applies once.
/// </summary>
internal static class IdempotencyKeyOption
{
    public static Option<string> Create() => new("--idempotency-key")
    {
        Description = "Repeat a command safely by giving it the same key; default: a new one, printed.",
        DefaultValueFactory = _ => $"cli-{Guid.NewGuid():N}",
    };
}
