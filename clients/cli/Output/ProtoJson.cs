using Google.Protobuf;

namespace Credits.Cli.Output;

/// <summary>
/// <c>--json</c> output of unary results: the response message in protobuf's canonical JSON mapping
/// (lowerCamel names, enum names, int64 as strings), with zero values included so that scripts
/// always find every field.
/// </summary>
internal static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static void Write(TextWriter output, IMessage message) => output.WriteLine(Formatter.Format(message));
}
