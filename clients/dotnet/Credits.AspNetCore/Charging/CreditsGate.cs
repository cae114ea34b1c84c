using System.Collections.Concurrent;
using Credits.Client;
using Credits.Client.Errors;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credits.AspNetCore.Charging;

/// <summary>
/// The one place that talks to the ledger for priced requests, HTTP and gRPC alike: reserves the price before
/// the handler, then commits or releases the hold. Neither call takes the request's cancellation token: a request
/// the client aborted must still give its credits back, so both are bounded by a deadline instead.
/// </summary>
public sealed class CreditsGate
{
    private readonly CreditsClient _client;
    private readonly CreditsOptions _options;
    private readonly ILogger<CreditsGate> _logger;

    /// <summary>
    /// Ledger keys of callers' requests running now: a second request with the same key while the first runs
    /// would get the same hold and run the handler twice for one charge, so it is refused instead.
    /// </summary>
    private readonly ConcurrentDictionary<string, bool> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates the gate over the ledger client that <c>AddCreditsClient</c> registers.</summary>
    public CreditsGate(CreditsClient client, IOptions<CreditsOptions> options, ILogger<CreditsGate> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options.Value;
        _logger = logger;
    }

    internal async Task<ChargeStart> BeginAsync(string account, RequireCreditsAttribute price, string ledgerKey, bool keyFromCaller, string operation)
    {
        if (!keyFromCaller)
        {
            return await ReserveAsync(account, price, ledgerKey, keyFromCaller, operation).ConfigureAwait(false);
        }

        if (!_inFlight.TryAdd(ledgerKey, true))
        {
            CreditsLog.KeyInFlight(_logger, operation, account);
            return new ChargeStart(ChargeOutcome.KeyInFlight);
        }

        ChargeStart? start = null;
        try
        {
            start = await ReserveAsync(account, price, ledgerKey, keyFromCaller, operation).ConfigureAwait(false);
            return start;
        }
        finally
        {
            // Only a request that goes on to run keeps its key until it settles.
            if (start?.Charge is null)
            {
                _inFlight.TryRemove(ledgerKey, out _);
            }
        }
    }

    private async Task<ChargeStart> ReserveAsync(string account, RequireCreditsAttribute price, string ledgerKey, bool keyFromCaller, string operation)
    {
        var inFlightKey = keyFromCaller ? ledgerKey : null;
        var request = new ReserveRequest
        {
            AccountId = account,
            IdempotencyKey = ledgerKey,
            Ttl = Duration.FromTimeSpan(_options.HoldTtl),
        };
        if (price.Feature is { } feature)
        {
            request.Feature = feature;
            request.Quantity = price.Quantity;
        }
        else
        {
            request.Amount = price.Amount!.Value;
        }

        ReserveResponse reserved;
        try
        {
            reserved = await _client.ReserveAsync(request, Deadline(_options.ReserveTimeout), CancellationToken.None).ConfigureAwait(false);
        }
        catch (InsufficientCreditsException refused)
        {
            CreditsLog.Insufficient(_logger, operation, account, price, refused.Available, refused.Requested);
            return new ChargeStart(ChargeOutcome.Insufficient, Available: refused.Available ?? 0, Required: refused.Requested ?? price.Amount ?? 0);
        }
        catch (IdempotencyKeyReusedException)
        {
            CreditsLog.KeyReused(_logger, operation, account);
            return new ChargeStart(ChargeOutcome.KeyReused);
        }
        catch (CreditsException down) when (IsUnavailable(down))
        {
            if (_options.FailOpen)
            {
                CreditsLog.FailedOpen(_logger, down, operation, account, price);
                return new ChargeStart(ChargeOutcome.Uncharged, new CreditCharge(account, holdId: null, held: 0, availableAfterReserve: 0, inFlightKey));
            }

            CreditsLog.Unavailable(_logger, down, operation, account);
            return new ChargeStart(ChargeOutcome.Unavailable);
        }

        if (keyFromCaller && !await IsActiveAsync(reserved.HoldId, reserved.Amount).ConfigureAwait(false))
        {
            // A retry of a request that has finished gets the same hold back; running the handler again would
            // give the work away (its hold was released) or bill it twice in spirit, so it is refused instead.
            CreditsLog.KeySettled(_logger, operation, account, reserved.HoldId);
            return new ChargeStart(ChargeOutcome.KeySettled);
        }

        CreditsLog.Reserved(_logger, operation, account, reserved.HoldId, reserved.Amount);
        return new ChargeStart(
            ChargeOutcome.Charged,
            new CreditCharge(account, reserved.HoldId, reserved.Amount, reserved.Balance?.Available ?? 0, inFlightKey));
    }

    /// <summary>
    /// Commits the charge (what the handler said it used, all of the hold by default; 0 releases) when the request
    /// succeeded, else releases it. Never throws: the response is decided already, and a hold left unsettled
    /// releases itself when its TTL passes, so a failure is logged as an error.
    /// </summary>
    internal async Task SettleAsync(CreditCharge charge, bool succeeded, string operation, string why)
    {
        try
        {
            await SettleHoldAsync(charge, succeeded, operation, why).ConfigureAwait(false);
        }
        finally
        {
            if (charge.InFlightKey is { } key)
            {
                _inFlight.TryRemove(key, out _);
            }
        }
    }

    private async Task SettleHoldAsync(CreditCharge charge, bool succeeded, string operation, string why)
    {
        if (charge.HoldId is not { } holdId)
        {
            return;
        }

        try
        {
            if (succeeded && charge.Actual is not 0)
            {
                var commit = new CommitRequest { HoldId = holdId };
                if (charge.Actual is { } actual)
                {
                    commit.Amount = actual;
                }

                var committed = await _client.CommitAsync(commit, Deadline(_options.SettleTimeout), CancellationToken.None).ConfigureAwait(false);
                CreditsLog.Committed(_logger, operation, charge.AccountId, holdId, committed.Committed);
            }
            else
            {
                await _client.ReleaseAsync(new ReleaseRequest { HoldId = holdId }, Deadline(_options.SettleTimeout), CancellationToken.None).ConfigureAwait(false);
                CreditsLog.Released(_logger, operation, charge.AccountId, holdId, succeeded ? "used 0 credits" : why);
            }
        }
        catch (CreditsException failed)
        {
            CreditsLog.SettleFailed(_logger, failed, operation, charge.AccountId, holdId, succeeded);
        }
    }

    /// <summary>
    /// Whether a hold is still active, without changing it: a commit of one credit more than it holds is refused as
    /// INVALID_REQUEST by an active hold and as HOLD_NOT_ACTIVE or HOLD_ALREADY_COMMITTED by a settled one, and
    /// changes nothing either way. Only a caller's own key can name a settled hold, so only those requests pay
    /// for this call.
    /// </summary>
    private async Task<bool> IsActiveAsync(string holdId, long held)
    {
        try
        {
            await _client.CommitAsync(new CommitRequest { HoldId = holdId, Amount = held + 1 }, Deadline(_options.ReserveTimeout), CancellationToken.None)
                .ConfigureAwait(false);
            return false;
        }
        catch (InvalidRequestException)
        {
            return true;
        }
        catch (Exception settled) when (settled is HoldNotActiveException or HoldAlreadyCommittedException)
        {
            return false;
        }
    }

    private static bool IsUnavailable(CreditsException exception) =>
        exception is CreditsUnavailableException || exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    private static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;
}
