using System.Diagnostics;
using Credits.Ledger.Data;

namespace Credits.Receipts.Tests.Support;

/// <summary>
/// One capture SMTP server and one ledger server sending to it, per fixture class and provider,
/// shared by the fixture's tests (each uses its own account and address).
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public abstract class ReceiptFixture(DatabaseProvider provider)
{
    /// <summary>The longest a test waits for a mail: several retries at the test's short delays.</summary>
    protected static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a test keeps watching after a mail arrived, to see that no second one follows: past
    /// the longest retry delay and a few polls.
    /// </summary>
    protected static readonly TimeSpan QuietPeriod = ReceiptSettings.RetryDelayMax + (3 * ReceiptSettings.PollInterval);

    protected DatabaseProvider Provider { get; } = provider;

    protected SmtpCapture Smtp { get; private set; } = null!;

    protected ReceiptServer Server { get; private set; } = null!;

    /// <summary>USER:PASSWORD the capture server requires, or null for none.</summary>
    protected virtual string? SmtpAuth => null;

    /// <summary>Whether the ledger server is told about the capture server (false: receipts off).</summary>
    protected virtual bool ReceiptsOn => true;

    [OneTimeSetUp]
    public async Task StartServers()
    {
        Smtp = await SmtpCapture.StartAsync(SmtpAuth);
        var credentials = SmtpAuth?.Split(':', 2);
        Server = await ReceiptServer.StartAsync(Provider, new ReceiptSettings
        {
            SmtpPort = ReceiptsOn ? Smtp.Port : null,
            Username = credentials?[0] ?? "",
            Password = credentials?[1] ?? "",
        });
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
    }

    protected static string NewAccount() => $"user:{Guid.NewGuid():N}";

    protected static string NewKey() => $"key-{Guid.NewGuid():N}";

    /// <summary>A fresh address per test, so tests sharing the capture server never see each other's mail.</summary>
    protected static string NewEmail() => $"buyer-{Guid.NewGuid():N}@example.test";

    /// <summary>Waits (bounded) for <paramref name="condition"/>; false if it never held.</summary>
    protected static async Task<bool> Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
