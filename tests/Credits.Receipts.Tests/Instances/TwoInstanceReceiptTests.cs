using Credits.Ledger.Data;
using Credits.Ledger.Notifications.Email;
using Credits.Ledger.Outbox;
using Credits.Receipts.Tests.Support;
using Credits.Server.Receipts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Receipts.Tests.Instances;

/// <summary>
/// Issue 13, receipts: two server instances deliver from one database, each through its own outbox
/// service, to a real SMTP server on loopback, and every receipt goes out exactly once, even when
/// one instance's lease runs out while it is mid-send. Before, a receipt was marked sent after the
/// send without checking the lease: the instance whose lease ran out sent the receipt the other
/// had sent already.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class TwoInstanceReceiptTests(DatabaseProvider provider)
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(15);

    private FakeTimeProvider _time = null!;
    private ReceiptServer _server = null!;
    private SmtpCapture _smtp = null!;

    [SetUp]
    public async Task StartServers()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        _smtp = await SmtpCapture.StartAsync();
        // The server's own sender stays off: the test runs the two instances' senders itself.
        _server = await ReceiptServer.StartAsync(provider, new ReceiptSettings { Time = _time });
    }

    [TearDown]
    public async Task StopServers()
    {
        await _server.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private ReceiptOptions Settings => new()
    {
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = _smtp.Port, UseTls = SmtpTls.None, Timeout = TimeSpan.FromSeconds(30) },
        From = new SenderOptions { Address = ReceiptSettings.FromAddress, Name = ReceiptSettings.FromName },
    };

    // One instance's receipt sender: its own outbox store and SMTP sender over the shared database and clock.
    private ReceiptOutboxService Instance()
    {
        var options = Options.Create(Settings);
        return new ReceiptOutboxService(new OutboxStore(_server.Database, _time), new NotificationMailOutbox(_server.Database, _time),
            new ReceiptSender(options), options, _time,
            _server.App.Services.GetRequiredService<ILogger<ReceiptOutboxService>>());
    }

    private static string NewAccount() => $"user:{Guid.NewGuid():N}";

    [Test]
    public async Task A_receipt_whose_sender_lost_its_lease_mid_send_is_sent_once_by_the_instance_that_took_it_over()
    {
        var account = NewAccount();
        var email = $"stall-{Guid.NewGuid():N}@example.test";
        await _server.PurchaseAsync(account, email, 100, 0, $"key-{Guid.NewGuid():N}");
        var first = Instance();
        var second = Instance();

        var firstSending = first.DeliverDueAsync(Settings, CancellationToken.None);
        Assert.That(await _smtp.WaitForStallAsync(Bounded), Is.True, "the first instance is mid-send");
        _time.Advance(OutboxStore.ClaimLease + TimeSpan.FromMinutes(1));
        await second.DeliverDueAsync(Settings, CancellationToken.None);
        _smtp.ReleaseStalls();
        await firstSending.WaitAsync(Bounded);
        // Whichever instance now holds the receipt retries it if it has not gone out yet.
        for (var round = 0; round < 3; round++)
        {
            _time.Advance(TimeSpan.FromHours(1));
            await first.DeliverDueAsync(Settings, CancellationToken.None);
            await second.DeliverDueAsync(Settings, CancellationToken.None);
        }

        Assert.That(_smtp.MailsTo(email), Has.Count.EqualTo(1), "one mail");
        var row = await _server.OutboxRowAsync(account);
        Assert.That(row.SentAtMs, Is.Not.Null, "marked sent");
        Assert.That(row.DeadAtMs, Is.Null, "not given up");
    }

    [Test]
    public async Task Two_instances_delivering_at_once_send_every_receipt_exactly_once()
    {
        var purchases = Enumerable.Range(0, 30).Select(_ => (Account: NewAccount(), Email: $"buyer-{Guid.NewGuid():N}@example.test")).ToList();
        foreach (var (account, email) in purchases)
        {
            await _server.PurchaseAsync(account, email, 100, 0, $"key-{Guid.NewGuid():N}");
        }
        var first = Instance();
        var second = Instance();

        await Task.WhenAll(first.DeliverDueAsync(Settings, CancellationToken.None), second.DeliverDueAsync(Settings, CancellationToken.None),
            first.DeliverDueAsync(Settings, CancellationToken.None), second.DeliverDueAsync(Settings, CancellationToken.None));
        // A pass that met a busy database (SQLite allows one writer) leaves its receipts for the next
        // poll, as a server would; those polls go to both instances too.
        for (var round = 0; round < 3; round++)
        {
            _time.Advance(OutboxStore.ClaimLease + TimeSpan.FromMinutes(1));
            await Task.WhenAll(first.DeliverDueAsync(Settings, CancellationToken.None), second.DeliverDueAsync(Settings, CancellationToken.None));
        }

        var counts = purchases.ToDictionary(purchase => purchase.Email, purchase => _smtp.MailsTo(purchase.Email).Count);
        Assert.That(counts.Where(count => count.Value != 1), Is.Empty, "each receipt once");
        foreach (var (account, _) in purchases)
        {
            Assert.That((await _server.OutboxRowAsync(account)).SentAtMs, Is.Not.Null);
        }
    }
}
