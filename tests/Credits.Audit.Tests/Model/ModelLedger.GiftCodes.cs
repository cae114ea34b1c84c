using Credits.Audit.Tests.Checking;
using Credits.Audit.Tests.Support;
using Credits.Ledger.Commands;
using Credits.V1;
using Grpc.Core;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// Gift codes, restated from the contract: created into escrow (only from lots that outlive the
/// codes), redeemed once, revoked once, and returned to the issuer by the sweeper once expired;
/// failed redemptions are limited per account and minute.
/// </summary>
public sealed partial class ModelLedger
{
    private const int CodesPerRequestMax = 1000;
    private const int FailedRedemptionsPerMinuteMax = 5;
    private const long MinuteMs = 60_000;
    private static readonly long CodeLifetimeMaxMs = (long)TimeSpan.FromDays(2 * 365).TotalMilliseconds;

    private readonly List<ModelGiftCode> _giftCodes = [];
    // Failed redemptions per account and UTC minute (minutes since 1970-01-01).
    private readonly Dictionary<(string AccountId, long Minute), int> _failedRedemptions = [];

    /// <summary>Every code the server created, in creation order.</summary>
    public IReadOnlyList<ModelGiftCode> GiftCodes => _giftCodes;

    public (Expected Outcome, IReadOnlyList<ModelGiftCode> NewCodes) CreateGiftCodes(CreateGiftCodesCommand command)
    {
        // Validation refuses before anything is loaded, in the order of the fields.
        if (command.IssuerAccountId.StartsWith("lead:", StringComparison.Ordinal))
        {
            return (Expected.Fail(Invalid("issuer_account_id"), ModelChannel.Ledger), []);
        }
        if (command.Amount <= 0 || command.Amount > AmountMax)
        {
            return (Expected.Fail(Invalid("amount"), ModelChannel.Ledger), []);
        }
        if (command.Count is < 1 or > CodesPerRequestMax)
        {
            Coverage.Count("gift codes refused: impossible count");
            return (Expected.Fail(Invalid("count"), ModelChannel.Ledger), []);
        }
        var issuer = Account(command.IssuerAccountId);
        Touch(issuer, create: false);
        var expiresAtMs = ModelTime.ToMs(command.ExpiresAt);
        var fingerprint = string.Join('|', "create-gift-codes", command.IssuerAccountId, Number(command.Amount), Number(command.Count),
            Number(expiresAtMs));
        if (Replay(issuer.Id, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return (replay, []);
        }
        if (expiresAtMs <= NowMs || expiresAtMs > NowMs + CodeLifetimeMaxMs)
        {
            Coverage.Count("gift codes refused: expiry not in the future or too far");
            return (Expected.Fail(Invalid("expires_at"), ModelChannel.Ledger), []);
        }
        var total = command.Amount * command.Count;
        var outliving = issuer.AvailableOutliving(expiresAtMs, NowMs);
        if (outliving < total)
        {
            Coverage.Count(outliving < issuer.Available ? "gift codes refused: credits that expire first do not count" : "gift codes refused for too few credits");
            return (Expected.Fail(InsufficientCredits(outliving, total), ModelChannel.Ledger), []);
        }
        var codes = issuer.Escrow(command.Amount, command.Count, expiresAtMs, Actor, command.IdempotencyKey, NowMs)
            .Select(escrow => new ModelGiftCode(issuer.Id, command.Amount, expiresAtMs, escrow)).ToList();
        _giftCodes.AddRange(codes);
        Coverage.Count(command.Count > 1 ? "several gift codes created at once" : "gift code created");
        var balance = View(issuer);
        string Reply() => LedgerReplies.CreateGiftCodes(codes.Select(code => (code.Id ?? "(unbound)", code.Code ?? "(unbound)", code.Amount,
            code.ExpiresAtMs)).ToList(), total, balance);
        Remember(issuer.Id, command.IdempotencyKey, fingerprint, Reply);
        return (Expected.Text(Reply), codes);
    }

    public Expected RedeemGiftCode(RedeemGiftCodeCommand command)
    {
        if (command.AccountId.StartsWith("lead:", StringComparison.Ordinal))
        {
            return Expected.Fail(Invalid("account_id"), ModelChannel.Ledger);
        }
        if (!IsWellFormed(command.Code))
        {
            Coverage.Count("malformed gift code refused");
            return Expected.Fail(Invalid("code"), ModelChannel.Ledger);
        }
        var redeemer = Account(command.AccountId);
        // The redeemer is created whatever the outcome: its row's lock serialises its attempt counter.
        Touch(redeemer, create: true);
        var typed = ModelGiftCode.Normalize(command.Code);
        var fingerprint = string.Join('|', "redeem-gift-code", command.AccountId, typed);
        if (Replay(redeemer.Id, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return replay;
        }
        var minute = (redeemer.Id, NowMs / MinuteMs);
        var failed = _failedRedemptions.GetValueOrDefault(minute);
        if (failed >= FailedRedemptionsPerMinuteMax)
        {
            Coverage.Count("redemption refused: too many failed attempts this minute");
            var secondsLeft = Math.Max(1, ((minute.Item2 + 1) * MinuteMs - NowMs + 999) / 1000);
            return Expected.Fail(ExpectedError.Of(StatusCode.ResourceExhausted, "TOO_MANY_ATTEMPTS",
                ("limit", Number(FailedRedemptionsPerMinuteMax)), ("retryAfterSeconds", Number(secondsLeft))), ModelChannel.Ledger);
        }
        var code = _giftCodes.FirstOrDefault(candidate => candidate.Code is { } text && ModelGiftCode.Normalize(text) == typed);
        var failure = code switch
        {
            null => ExpectedError.Of(StatusCode.NotFound, "GIFT_CODE_NOT_FOUND"),
            { State: ModelGiftCodeState.Redeemed } => Ended(code, "GIFT_CODE_REDEEMED", "redeemed"),
            { State: ModelGiftCodeState.Revoked } => Ended(code, "GIFT_CODE_REVOKED", "revoked"),
            _ when code.State == ModelGiftCodeState.Expired || code.IsExpiredAt(NowMs) => Ended(code, "GIFT_CODE_EXPIRED", "expired"),
            _ => null,
        };
        if (failure is not null)
        {
            Coverage.Count($"redemption refused: {failure.Reason}");
            _failedRedemptions[minute] = failed + 1;
            return Expected.Fail(failure, ModelChannel.Ledger);
        }
        if (code!.IssuerAccountId == redeemer.Id)
        {
            // Not a failed attempt: the caller holds a real code.
            Coverage.Count("redemption into the issuer's own account refused");
            return Expected.Fail(Invalid("account_id"), ModelChannel.Ledger);
        }
        code.State = ModelGiftCodeState.Redeemed;
        redeemer.ReceiveGiftCode(code, Actor, command.IdempotencyKey, NowMs);
        Coverage.Count("gift code redeemed");
        var balance = View(redeemer);
        string Reply() => LedgerReplies.RedeemGiftCode(code.Id!, code.Amount, balance);
        Remember(redeemer.Id, command.IdempotencyKey, fingerprint, Reply);
        return Expected.Text(Reply);
    }

    public Expected RevokeGiftCode(RevokeGiftCodeCommand command)
    {
        if (command.IssuerAccountId.StartsWith("lead:", StringComparison.Ordinal))
        {
            return Expected.Fail(Invalid("issuer_account_id"), ModelChannel.Ledger);
        }
        if (!command.CodeId.StartsWith("gift_", StringComparison.Ordinal) || command.CodeId.Length > 64)
        {
            Coverage.Count("revocation of a malformed code id refused");
            return Expected.Fail(Invalid("code_id"), ModelChannel.Ledger);
        }
        var issuer = Account(command.IssuerAccountId);
        Touch(issuer, create: false);
        var fingerprint = string.Join('|', "revoke-gift-code", command.IssuerAccountId, command.CodeId);
        if (Replay(issuer.Id, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return replay;
        }
        // Another issuer's code reads as unknown.
        var code = _giftCodes.FirstOrDefault(candidate => candidate.Id == command.CodeId && candidate.IssuerAccountId == issuer.Id);
        var failure = code switch
        {
            null => ExpectedError.Of(StatusCode.NotFound, "GIFT_CODE_NOT_FOUND"),
            { State: ModelGiftCodeState.Redeemed } => Ended(code, "GIFT_CODE_REDEEMED", "redeemed"),
            { State: ModelGiftCodeState.Revoked } => Ended(code, "GIFT_CODE_REVOKED", "revoked"),
            { State: ModelGiftCodeState.Expired } => Ended(code, "GIFT_CODE_EXPIRED", "expired"),
            _ => null,
        };
        if (failure is not null)
        {
            Coverage.Count($"revocation refused: {failure.Reason}");
            return Expected.Fail(failure, ModelChannel.Ledger);
        }
        // A code past its expiry that no sweep has returned yet may still be revoked: the credits go home once either way.
        Coverage.Count(code!.IsExpiredAt(NowMs) ? "expired gift code revoked before the sweeper returned it" : "gift code revoked");
        code.State = ModelGiftCodeState.Revoked;
        issuer.ReturnGiftCode(code, EntryKind.GiftCodeRevoke, Actor, command.IdempotencyKey, NowMs);
        var balance = View(issuer);
        string Reply() => LedgerReplies.RevokeGiftCode(code.Id!, code.Amount, balance);
        Remember(issuer.Id, command.IdempotencyKey, fingerprint, Reply);
        return Expected.Text(Reply);
    }

    /// <summary>
    /// The sweeper's second part: active codes at or past their expiry go back to their issuers,
    /// earliest expiry first. Codes expiring at the same millisecond (those of one request) come in
    /// an order the contract leaves open: <paramref name="rank"/> gives the order the journal showed.
    /// </summary>
    private void ReturnExpiredGiftCodes(Func<ModelGiftCode, int> rank)
    {
        foreach (var code in _giftCodes.Where(code => code.State == ModelGiftCodeState.Active && code.IsExpiredAt(NowMs))
                     .OrderBy(code => code.ExpiresAtMs).ThenBy(rank).ToList())
        {
            var issuer = Account(code.IssuerAccountId);
            Touch(issuer, create: false);
            code.State = ModelGiftCodeState.Expired;
            issuer.ReturnGiftCode(code, EntryKind.GiftCodeExpire, AuditConfiguration.SystemActor, "", NowMs);
            Coverage.Count("sweep returned an expired gift code");
        }
    }

    /// <summary>Credits in the escrow of codes not yet redeemed, revoked or returned.</summary>
    public long Escrowed => _giftCodes.Where(code => code.State == ModelGiftCodeState.Active).Sum(code => code.Amount);

    private static ExpectedError Ended(ModelGiftCode code, string reason, string state) =>
        ExpectedError.Of(StatusCode.FailedPrecondition, reason, ("codeId", code.Id!), ("state", state));

    // Codes the workload types wrong are plainly wrong (too short); a real code's text (any case, any dashes) is well formed.
    private static bool IsWellFormed(string typed) => ModelGiftCode.Normalize(typed).Length == 17;
}
