using NUnit.Framework;

namespace Credits.Testing;

/// <summary>Waits for something another thread or process brings about, failing the test with what never happened.</summary>
public static class Eventually
{
    /// <summary>How long a condition may take by default: far beyond what it needs, so only a real failure trips it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task True(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        True(() => Task.FromResult(condition()), what, timeout);

    /// <inheritdoc cref="True(Func{bool}, string, TimeSpan?)"/>
    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {(timeout ?? Timeout).TotalSeconds:0.#} s for {what}, which never happened.");
            }
            await Task.Delay(20);
        }
    }
}
