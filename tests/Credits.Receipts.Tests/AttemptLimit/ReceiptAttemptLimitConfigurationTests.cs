using Credits.Ledger.Data;
using Credits.Receipts.Tests.Support;
using Credits.Testing;
using Credits.Testing.Hosting;

namespace Credits.Receipts.Tests.AttemptLimit;

/// <summary>A Receipts:MaxAttempts that would never try a receipt (or makes no sense) keeps the server from starting.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ReceiptAttemptLimitConfigurationTests(DatabaseProvider provider)
{
    [TestCase("0")]
    [TestCase("-1")]
    public async Task A_max_attempts_below_one_is_refused_at_start_with_a_clear_message(string maxAttempts)
    {
        var error = await TestServerHost.RefusedStartAsync(provider,
            ReceiptServer.Options(new ReceiptSettings { SmtpPort = 2525, MaxAttempts = maxAttempts }, new LogCapture()));

        Assert.That(error.Failures, Has.Some.Contains("Receipts:MaxAttempts must be between 1 and").And.Some.Contains($"it is {maxAttempts}"));
    }
}
