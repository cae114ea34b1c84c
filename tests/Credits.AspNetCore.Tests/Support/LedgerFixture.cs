using Credits.Ledger.Data;

namespace Credits.AspNetCore.Tests.Support;

/// <summary>
/// One ledger and one product app per fixture class and provider, shared by its tests, which therefore each use
/// their own accounts.
/// </summary>
[TestFixture(DatabaseProvider.Postgres)]
[TestFixture(DatabaseProvider.Sqlite)]
public abstract class LedgerFixture(DatabaseProvider provider)
{
    internal TestLedger Ledger { get; private set; } = null!;

    internal ProductApp App { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartLedgerAndApp()
    {
        Ledger = await TestLedger.StartAsync(provider);
        App = await ProductApp.StartAsync(Ledger.Address);
    }

    [OneTimeTearDown]
    public async Task StopLedgerAndApp()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        if (Ledger is not null)
        {
            await Ledger.DisposeAsync();
        }
    }
}
