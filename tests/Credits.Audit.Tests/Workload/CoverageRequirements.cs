using System.Globalization;
using Credits.Audit.Tests.Model;

namespace Credits.Audit.Tests.Workload;

/// <summary>
/// What a full-length run must have exercised: every operation kind, and the model paths that make
/// the claw-back, freeze and rollover rules tell right from wrong, each at least a few times. A change
/// of the workload that drops one of them then fails the run instead of silently testing less.
/// </summary>
public static class CoverageRequirements
{
    /// <summary>Runs shorter than this (replays of a failure) are not held to the minimums, which assume a full run.</summary>
    public const int OperationsMin = 10_000;

    /// <summary>The fewest steps of each kind a full run may have; the rarest kinds expect about 50 (a seed falling short is then a one in a million).</summary>
    public const int StepsPerKindMin = 10;

    /// <summary>The fewest times a full run may take each path of <see cref="Paths"/>; the rarest paths expect 20 or more.</summary>
    public const int TimesPerPathMin = 3;

    public static IReadOnlyList<string> Paths { get; } =
    [
        "claw-back took the named lot before lots that burn first",
        "claw-back took part and owed the rest",
        "claw-back owed everything",
        "credits arrived with several debts owed",
        "debt repaid in full",
        "debt repaid in part",
        "reversal cancelled a debt",
        "reversal refunded a repaid debt",
        "reversal returned credits to an expired lot",
        "reversal returned credits to a spent lot",
        "second claw-back for one reference reported as already applied",
        "freeze",
        "unfreeze",
        "freeze under an open dispute changed nothing",
        "freeze found nothing to freeze",
        "commit of a freeze found no hold",
        "grant with rollover terms",
        "grant with impossible rollover terms refused",
        "rollover capped",
        "rollover carried everything",
        "rollover cap used up",
        "rollover lot due at once",
        "rollover of credits that came back after the expiry",
        "rollover lot expired",
        "sweep wrote a lot expiry",
        "sweep wrote a rollover",
        "replay of a domain command",
        "transfer across lots",
        "transfer refused by the daily limit",
        "transfer refused for too few credits",
        "pool reserve within the member's limit",
        "pool reserve refused by the member's limit",
        "pool reserve refused: not a pool member",
        "pool reserve refused for too few pool credits",
        "pool hold committed",
        "pool hold committed in part",
        "pool hold released",
        "pool hold expired",
        "pool hold ended after its period",
        "pool member re-added",
        "adjustment added credits",
        "adjustment took credits",
        "adjustment refused: it would take the account below zero",
        "adjustment of 0 refused",
        "hold extended",
        "extension that would shorten the hold left it",
        "extension past the hold's lifetime refused",
        "extension of an ended hold refused",
        "hold extension with an impossible ttl refused",
        "gift code created",
        "several gift codes created at once",
        "gift codes escrowed from several lots",
        "gift codes refused for too few credits",
        "gift codes refused: expiry not in the future or too far",
        "gift codes refused: impossible count",
        "gift code redeemed",
        "concurrent redemptions of one code: one won",
        "malformed gift code refused",
        "redemption into the issuer's own account refused",
        "redemption refused: GIFT_CODE_EXPIRED",
        "redemption refused: GIFT_CODE_NOT_FOUND",
        "redemption refused: GIFT_CODE_REDEEMED",
        "redemption refused: GIFT_CODE_REVOKED",
        "redemption refused: too many failed attempts this minute",
        "gift code revoked",
        "expired gift code revoked before the sweeper returned it",
        "revocation of a malformed code id refused",
        "revocation refused: GIFT_CODE_EXPIRED",
        "revocation refused: GIFT_CODE_NOT_FOUND",
        "revocation refused: GIFT_CODE_REDEEMED",
        "revocation refused: GIFT_CODE_REVOKED",
        "sweep returned an expired gift code",
        "refund went back to the lots it came from",
        "refund arrived as a refund lot",
        "refund returned credits to a spent lot",
        "refund of all that was left",
        "refund of part",
        "refund beyond the commit less earlier refunds refused",
        "refund of a fully refunded hold refused",
        "refund of a hold that was not committed refused",
        "refund without a reason refused",
        "bulk gift to several recipients",
        "import of a balance",
        "import of a history row",
        "import row already imported",
        "import row changed since its import",
        "import refused: a bad row",
        "bulk gift to one recipient",
        "bulk gift refused by the daily limit",
        "bulk gift refused for too few credits",
        "bulk gift refused: a bad recipient list",
        "gift code escrow returned to a spent lot",
    ];

    /// <summary>What the run fell short of, one line each; empty when it reached everything.</summary>
    public static IReadOnlyList<string> Shortfalls(AuditStatistics statistics, ModelCoverage coverage)
    {
        var shortfalls = new List<string>();
        foreach (var kind in Enum.GetValues<OperationKind>().Where(kind => statistics.Steps(kind) < StepsPerKindMin))
        {
            shortfalls.Add($"operation {kind}: {Number(statistics.Steps(kind))} steps, fewer than {Number(StepsPerKindMin)}");
        }
        foreach (var path in Paths.Where(path => coverage[path] < TimesPerPathMin))
        {
            shortfalls.Add($"model path '{path}': {Number(coverage[path])} times, fewer than {Number(TimesPerPathMin)}");
        }
        return shortfalls;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
