using System.CommandLine;
using Google.Protobuf.Collections;

namespace Credits.Cli.Commands;

/// <summary><c>--metadata key=value</c>, repeatable: labels kept in the journal.</summary>
internal static class MetadataOption
{
    public static Option<string[]> Create() => new("--metadata")
    {
        Description = "A label kept in the journal, key=value; repeat for more.",
        Arity = ArgumentArity.ZeroOrMore,
        DefaultValueFactory = _ => [],
    };

    /// <summary>Copies the pairs into <paramref name="target"/>; returns the first one without '=', or null.</summary>
    public static string? CopyTo(IEnumerable<string> pairs, MapField<string, string> target)
    {
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return pair;
            }
            target[pair[..equals]] = pair[(equals + 1)..];
        }
        return null;
    }
}
