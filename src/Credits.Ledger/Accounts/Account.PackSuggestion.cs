using Credits.Ledger.Engine;
using Credits.Ledger.Notifications;

namespace Credits.Ledger.Accounts;

/// <summary>The suggested pack and purchase link, decided as a notification fires (only then: no work per command).</summary>
internal sealed partial class Account
{
    /// <summary>
    /// <paramref name="notification"/> with the pack covering the last 30 days' use, estimated as 30 ×
    /// the burn rate on the account row (no read: the row is in memory), and its purchase link.
    /// </summary>
    private AccountNotification WithSuggestedPack(AccountNotification notification, RuleContext context)
    {
        var options = context.Options.Notifications;
        if (options.Packs.Count == 0)
        {
            return notification;
        }
        var use = (long)Math.Ceiling(PackSuggestion.CoverDays * _burn.PerDay(Clock.ToMs(context.Now)));
        if (PackSuggestion.Choose(options.Packs, use) is not { } pack)
        {
            return notification;
        }
        return notification with { SuggestedPackId = pack.PackId, PurchaseUrl = PackSuggestion.Link(options.PurchaseUrl, pack.PackId) };
    }
}
