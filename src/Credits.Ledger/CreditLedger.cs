using System.Runtime.CompilerServices;
using Credits.Ledger.Accounts;
using Credits.Ledger.Balances;
using Credits.Ledger.Coherence;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.GroupCommit;
using Credits.Ledger.History;
using Credits.Ledger.Journal;
using Credits.Ledger.Pricing;
using Credits.Ledger.Rules;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger;

/// <summary>
/// The ledger's public operations. Each validates its command, resolves prices, and hands it to
/// the <see cref="CommandDispatcher"/>, which applies commands arriving together in one
/// transaction; operating errors surface as <see cref="LedgerException"/>.
/// </summary>
public sealed partial class CreditLedger(
    LedgerEngine engine,
    CommandDispatcher dispatcher,
    LedgerDatabase database,
    IPriceCatalog prices,
    AccountChanges changes,
    LedgerOptions options,
    TimeProvider time,
    ILogger<CreditLedger> logger)
{
    private readonly AdmissionContext _admission = new(prices);

    /// <summary>Entries read per round trip while streaming history.</summary>
    public const int HistoryPageSize = 500;

    /// <summary>Who follows which account's journal; followers of one account share its reads.</summary>
    public JournalFollowers Followers { get; } = new(database, changes.Notifier, options, time, logger);

    /// <summary>Adds a lot of credits.</summary>
    public Task<GrantResult> GrantAsync(GrantCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Pins credits to a new hold.</summary>
    public Task<ReserveResult> ReserveAsync(ReserveCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Debits a hold.</summary>
    public Task<CommitResult> CommitAsync(CommitCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>An operator's signed correction of a balance, with a reason (AdminService.Adjust).</summary>
    public Task<AdjustResult> AdjustAsync(AdjustCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Gives back all or part of what a committed hold debited, less earlier refunds (RefundCharge).</summary>
    public Task<RefundChargeResult> RefundChargeAsync(RefundChargeCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Moves an active hold's expiry later, within its lifetime cap.</summary>
    public Task<ExtendHoldResult> ExtendHoldAsync(ExtendHoldCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Releases a hold.</summary>
    public Task<ReleaseResult> ReleaseAsync(ReleaseCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Moves a lead's credits to the user who signed up.</summary>
    public Task<ClaimLeadResult> ClaimLeadAsync(ClaimLeadCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Moves credits from one account to another as gift lots that keep their expiry.</summary>
    public Task<TransferResult> TransferAsync(TransferCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Gifts credits from one account to many in one transaction, all or nothing; the daily transfer limit applies to the total.</summary>
    public Task<BulkGiftResult> BulkGiftAsync(BulkGiftCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>
    /// Imports rows of an older credits table in one transaction, all or nothing; a row an account
    /// already got (by source id) is reported, never applied twice.
    /// </summary>
    public Task<ImportLotsResult> ImportLotsAsync(ImportLotsCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>
    /// Checks import rows as <see cref="ImportLotsAsync"/> would, without the database: every field,
    /// and each expiry against the ledger's clock. Bad input throws naming the row (<c>rows[3].credits</c>).
    /// </summary>
    public void CheckImport(ImportLotsCommand command)
    {
        var admitted = (ImportLotsCommand)Admit(command);
        if (Importing.ImportLotsRule.ExpiredRow(admitted, Clock.Now(time)) is { } expired)
        {
            throw expired.ToException();
        }
    }

    /// <summary>Creates gift codes: the issuer's credits go into escrow; the answer holds the only copy of the full codes.</summary>
    public Task<CreateGiftCodesResult> CreateGiftCodesAsync(CreateGiftCodesCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Redeems a gift code once: its escrow arrives as gift lots keeping their expiries.</summary>
    public Task<RedeemGiftCodeResult> RedeemGiftCodeAsync(RedeemGiftCodeCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>
    /// Revokes an active gift code: its escrow returns to the issuer once. The code's row key is
    /// looked up by id first (the pair never changes); the batch then locks and re-reads the row.
    /// </summary>
    public async Task<RevokeGiftCodeResult> RevokeGiftCodeAsync(RevokeGiftCodeCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var admitted = (RevokeGiftCodeCommand)Admit(command);
        var hash = await TransientRetry.RunAsync(token => GiftCodes.GiftCodeReader.FindHashAsync(database, admitted.IssuerAccountId,
            admitted.CodeId, token), options.TransientRetriesMax, logger, "finding a gift code", cancellationToken);
        return (await dispatcher.SubmitAsync(admitted with { CodeHash = hash }, cancellationToken)).Unwrap();
    }

    /// <summary>A page of an issuer's gift codes, newest first, never the codes themselves; AIP-158 paging (0: 50, at most 500).</summary>
    public Task<GiftCodes.GiftCodePage> ListGiftCodesAsync(string issuerAccountId, GiftCodes.GiftCodeState? state, int pageSize, string pageToken,
        CancellationToken cancellationToken = default) =>
        TransientRetry.RunAsync(token => GiftCodes.GiftCodeReader.ListAsync(database, issuerAccountId, state, pageSize, pageToken, token),
            options.TransientRetriesMax, logger, "listing gift codes", cancellationToken);

    /// <summary>Adds a member to a pool, or a removed member again.</summary>
    public Task<PoolMemberResult> AddPoolMemberAsync(AddPoolMemberCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Changes an active pool member's limit, period or role.</summary>
    public Task<PoolMemberResult> UpdatePoolMemberAsync(UpdatePoolMemberCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Removes a pool member; its open holds still end normally.</summary>
    public Task<PoolMemberResult> RemovePoolMemberAsync(RemovePoolMemberCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Sets a pool's fallback policy (none, or the member's own account).</summary>
    public Task<PoolPolicyResult> SetPoolPolicyAsync(SetPoolPolicyCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>A page of a pool's members (by member id) with what each used this period; AIP-158 paging (0: 50, at most 500).</summary>
    public Task<Pools.PoolMemberPage> ListPoolMembersAsync(string poolAccountId, int pageSize, string pageToken, bool includeRemoved = false,
        CancellationToken cancellationToken = default) =>
        TransientRetry.RunAsync(token => Pools.PoolReader.ListMembersAsync(database, poolAccountId, pageSize, pageToken, includeRemoved,
            Clock.Now(time), token), options.TransientRetriesMax, logger, "listing pool members", cancellationToken);

    /// <summary>One member of a pool (active or removed) with its usage this period; null when the account never was a member.</summary>
    public Task<Pools.PoolMemberView?> FindPoolMemberAsync(string poolAccountId, string memberAccountId, CancellationToken cancellationToken = default) =>
        TransientRetry.RunAsync(token => Pools.PoolReader.FindMemberAsync(database, poolAccountId, memberAccountId, Clock.Now(time), token),
            options.TransientRetriesMax, logger, "reading a pool member", cancellationToken);

    /// <summary>Takes credits back after a refund or a lost dispute; what was spent is owed.</summary>
    public Task<ClawbackResult> ClawbackAsync(ClawbackCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Writes a note for support into an account's journal.</summary>
    public Task<NoteResult> NoteAsync(NoteCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Replaces an account's notification preferences.</summary>
    public Task<NotificationPreferencesResult> SetNotificationPreferencesAsync(SetNotificationPreferencesCommand command,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Undoes a claw-back (a refund that failed).</summary>
    public Task<ReverseClawbackResult> ReverseClawbackAsync(ReverseClawbackCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Freezes what is left of a disputed purchase.</summary>
    public Task<FreezeResult> FreezeAsync(FreezeCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Ends a freeze (a dispute won, or about to be clawed back).</summary>
    public Task<UnfreezeResult> UnfreezeAsync(UnfreezeCommand command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, cancellationToken);

    /// <summary>Validates, prices and applies a batch of commands in one transaction; one outcome per command.</summary>
    public async Task<IReadOnlyList<CommandOutcome>> ExecuteBatchAsync(IReadOnlyList<LedgerCommand> commands, CancellationToken cancellationToken = default)
    {
        var outcomes = new CommandOutcome?[commands.Count];
        var accepted = new List<LedgerCommand>(commands.Count);
        var positions = new List<int>(commands.Count);
        for (var i = 0; i < commands.Count; i++)
        {
            try
            {
                accepted.Add(Admit(commands[i]));
                positions.Add(i);
            }
            catch (LedgerException error)
            {
                outcomes[i] = CommandRules.For(commands[i]).Refuse(error.Error);
            }
        }
        if (accepted.Count > 0)
        {
            var applied = await engine.ExecuteAsync(accepted, cancellationToken);
            for (var i = 0; i < applied.Count; i++)
            {
                outcomes[positions[i]] = applied[i];
            }
        }
        return outcomes.Select(outcome => outcome!).ToList();
    }

    /// <summary>
    /// Reads a balance; never writes. It comes from memory when this process holds it (see
    /// <see cref="BalanceCache"/>) and it includes journal entry <paramref name="minSequence"/>;
    /// otherwise from the database.
    /// </summary>
    public async Task<BalanceView> GetBalanceAsync(string accountId, long minSequence = 0, CancellationToken cancellationToken = default)
    {
        AccountIds.Parse(accountId, "account_id");
        if (minSequence < 0)
        {
            throw LedgerErrors.Invalid("min_sequence", "min_sequence must be 0 or more.").ToException();
        }
        var now = Clock.Now(time);
        if (changes.Cache.TryGet(accountId, now, minSequence, out var cached))
        {
            return cached;
        }
        var version = changes.Cache.Version(accountId);
        var (view, validUntil) = await TransientRetry.RunAsync(
            token => BalanceReader.ReadAsync(database, accountId, new RuleContext(now, options), token),
            options.TransientRetriesMax, logger, "a balance read", cancellationToken);
        changes.Cache.TryPut(view, now, validUntil, version);
        return view;
    }

    /// <summary>
    /// The journal after <paramref name="afterSequence"/>; with <paramref name="follow"/>, then every
    /// new entry as it is written, with no gap and no repeat, until cancelled.
    /// </summary>
    public async IAsyncEnumerable<JournalEntry> StreamHistoryAsync(string accountId, long afterSequence, bool follow,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        AccountIds.Parse(accountId, "account_id");
        if (afterSequence < 0)
        {
            throw LedgerErrors.Invalid("after_sequence", "after_sequence must be 0 or more.").ToException();
        }
        var cursor = afterSequence;
        // The past, page by page, straight from the database.
        while (true)
        {
            var page = await ReadPageAsync(accountId, cursor, cancellationToken);
            foreach (var entry in page)
            {
                yield return entry;
                cursor = entry.Sequence;
            }
            if (page.Count < HistoryPageSize)
            {
                break;
            }
        }
        if (!follow)
        {
            yield break;
        }
        // The present, shared with the account's other followers.
        using var lease = Followers.Join(accountId, cursor);
        while (true)
        {
            var take = lease.Tail.Take(cursor, HistoryPageSize);
            // Behind what the tail holds (a slow reader, or one that joined far back): read for itself.
            var entries = take.IsBehind ? await ReadPageAsync(accountId, cursor, cancellationToken) : take.Entries;
            foreach (var entry in entries)
            {
                yield return entry;
                cursor = entry.Sequence;
            }
            if (entries.Count == 0)
            {
                await take.Grown.WaitAsync(cancellationToken);
            }
        }
    }

    private Task<List<JournalEntry>> ReadPageAsync(string accountId, long after, CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(token => JournalReader.ReadPageAsync(database, accountId, after, HistoryPageSize, token),
            options.TransientRetriesMax, logger, "a history read", cancellationToken);

    private async Task<TResult> ExecuteAsync<TResult>(LedgerCommand<TResult> command, CancellationToken cancellationToken) where TResult : class
    {
        var admitted = (LedgerCommand<TResult>)Admit(command);
        var outcome = await dispatcher.SubmitAsync(admitted, cancellationToken);
        return outcome.Unwrap();
    }

    /// <summary>Validates the command and resolves what the server decides for it (a feature's price); bad input throws.</summary>
    /// <summary>The user's stable referral code, <c>XXXX-XXXX-XXXX</c>, created on first ask.</summary>
    public async Task<string> GetReferralCodeAsync(string accountId, CancellationToken cancellationToken = default) =>
        Referrals.ReferralCodeText.Format(await TransientRetry.RunAsync(token => Referrals.ReferralReader.CodeOfAsync(database, accountId, Clock.Now(time), token),
            options.TransientRetriesMax, logger, "reading a referral code", cancellationToken));

    /// <summary>
    /// Applies a referral code to a new user (docs/referrals.md). The code's owner is looked up first
    /// (a code never changes owner); the batch then locks both accounts and decides.
    /// </summary>
    public async Task<ApplyReferralResult> ApplyReferralAsync(ApplyReferralCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        AccountIds.Parse(command.RefereeAccountId, "referee_account_id");
        var canonical = Referrals.ReferralCodeText.TryCanonical(command.Code)
            ?? throw LedgerErrors.Invalid("code", "code must be a referral code: 12 letters and digits, as XXXX-XXXX-XXXX.").ToException();
        var owner = await TransientRetry.RunAsync(token => Referrals.ReferralReader.OwnerOfAsync(database, canonical, token),
            options.TransientRetriesMax, logger, "finding a referral code", cancellationToken)
            ?? throw LedgerErrors.ReferralCodeNotFound().ToException();
        return await ExecuteAsync(command with { Code = canonical, ReferrerAccountId = owner }, cancellationToken);
    }

    /// <summary>The accounts a referrer referred, newest first, with their reward state; AIP-158 paging (0: 50, at most 500).</summary>
    public Task<Referrals.ReferralPage> ListReferralsAsync(string accountId, int pageSize, string pageToken, CancellationToken cancellationToken = default) =>
        TransientRetry.RunAsync(token => Referrals.ReferralReader.ListAsync(database, accountId, pageSize, pageToken, token),
            options.TransientRetriesMax, logger, "listing referrals", cancellationToken);

    /// <summary>Who referred <paramref name="accountId"/>, or null: read before a payment's batch, checked again inside it.</summary>
    internal Task<string?> ReferrerOfAsync(string accountId, CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(token => Referrals.ReferralReader.ReferrerOfAsync(database, accountId, token),
            options.TransientRetriesMax, logger, "reading a referrer", cancellationToken);

    private LedgerCommand Admit(LedgerCommand command) => CommandRules.For(command).Admit(command, _admission);
}
