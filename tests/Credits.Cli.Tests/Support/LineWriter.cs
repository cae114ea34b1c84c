namespace Credits.Cli.Tests.Support;

/// <summary>Collects lines as the CLI writes them, so a test can wait for the next one.</summary>
public sealed class LineWriter : StringWriter
{
    private readonly SemaphoreSlim _lineWritten = new(0);
    private readonly List<string> _lines = [];

    public List<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_lines)
        {
            _lines.Add(value ?? "");
        }
        _lineWritten.Release();
    }

    public async Task WaitForLinesAsync(int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        while (Lines.Count < count)
        {
            Assert.That(await _lineWritten.WaitAsync(limit), Is.True, $"line {count} within {limit}");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lineWritten.Dispose();
        }
        base.Dispose(disposing);
    }
}
