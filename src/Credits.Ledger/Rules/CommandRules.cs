using Credits.Ledger.Clawbacks;
using Credits.Ledger.Commands;
using Credits.Ledger.Expiry;
using Credits.Ledger.GiftCodes;
using Credits.Ledger.Holds;
using Credits.Ledger.Journal;
using Credits.Ledger.Leads;
using Credits.Ledger.Lots;
using Credits.Ledger.Notifications;
using Credits.Ledger.Pools;
using Credits.Ledger.Transfers;

namespace Credits.Ledger.Rules;

/// <summary>
/// The one registration of every command's rule. A command without a rule is refused before it
/// reaches a lane (and a test reflects over every command type to keep this list complete).
/// </summary>
internal static class CommandRules
{
    private static readonly Dictionary<Type, ICommandRule> ByCommandType = new ICommandRule[]
    {
        new GrantRule(),
        new ReserveRule(),
        new CommitRule(),
        new ReleaseRule(),
        new ExtendHoldRule(),
        new AdjustRule(),
        new Refunds.RefundChargeRule(),
        new ClaimLeadRule(),
        new TransferRule(),
        new BulkGiftRule(),
        new Importing.ImportLotsRule(),
        new ClawbackRule(),
        new ReverseClawbackRule(),
        new FreezeRule(),
        new UnfreezeRule(),
        new NoteRule(),
        new SweepRule(),
        new NotificationPreferencesRule(),
        new CreateGiftCodesRule(),
        new RedeemGiftCodeRule(),
        new RevokeGiftCodeRule(),
        new ReturnExpiredGiftCodeRule(),
        new AddPoolMemberRule(),
        new UpdatePoolMemberRule(),
        new RemovePoolMemberRule(),
        new SetPoolPolicyRule(),
        new Referrals.ApplyReferralRule(),
        new Referrals.RewardReferralRule(),
    }.ToDictionary(rule => rule.CommandType);

    /// <summary>Every registered rule.</summary>
    public static IReadOnlyCollection<ICommandRule> All => ByCommandType.Values;

    /// <summary>The rule of <paramref name="command"/>'s type.</summary>
    public static ICommandRule For(LedgerCommand command) => For(command.GetType());

    /// <summary>The rule of a command type; a type without one is a bug.</summary>
    public static ICommandRule For(Type commandType) =>
        ByCommandType.TryGetValue(commandType, out var rule)
            ? rule
            : throw new InvalidOperationException($"No rule is registered for {commandType.Name}: add one to {nameof(CommandRules)}.");
}
