using System.Collections.Concurrent;
using Credits.Client;
using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;

namespace Credits.CrashHarness;

/// <summary>
/// Asks the server, while PostgreSQL is down, for one read (GetBalance) and one write (Commit of a
/// hold that does not exist, so it can change nothing), each with a long deadline so the server's own
/// retries run out first. The contract is UNAVAILABLE with reason DATABASE_UNAVAILABLE; an answer
/// after PostgreSQL came back (a balance, HOLD_NOT_FOUND) proves nothing either way; anything else is
/// a wrong status. The random load meets the outage too, but only by chance.
/// </summary>
internal sealed class OutageProbe(ServerProcess server, CallStats stats) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly CreditsClient _client = CreditsClient.Create(server.Address, server.ApiKey);
    private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private int _probes;

    /// <summary>Answers by "rpc: outcome".</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Outcomes => [.. _outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal)];

    /// <summary>Sends both probes; the task ends when both are answered.</summary>
    public Task RunAsync(string accountId)
    {
        var probe = Interlocked.Increment(ref _probes);
        return Task.WhenAll(
            ProbeAsync("GetBalance", async () => await _client.GetBalanceAsync(accountId, DateTime.UtcNow + Deadline), holdNotFoundIsLate: false),
            ProbeAsync("Commit", async () => await _client.CommitAsync(new CommitRequest { HoldId = $"hold_crash_probe_{probe}" }, DateTime.UtcNow + Deadline), holdNotFoundIsLate: true));
    }

    public void Dispose() => _client.Dispose();

    private async Task ProbeAsync(string rpc, Func<Task<object>> call, bool holdNotFoundIsLate)
    {
        string outcome;
        try
        {
            await call();
            outcome = "answered after PostgreSQL came back";
        }
        catch (CreditsException error) when (error.StatusCode == StatusCode.Unavailable && error.Reason == CreditsErrorReasons.DatabaseUnavailable)
        {
            outcome = "UNAVAILABLE DATABASE_UNAVAILABLE";
        }
        catch (HoldNotFoundException) when (holdNotFoundIsLate)
        {
            outcome = "answered after PostgreSQL came back";
        }
        catch (CreditsException error)
        {
            outcome = CallStats.StatusName(error.StatusCode) + " " + (error.Reason ?? "(no reason)") + " (wrong)";
            stats.WrongStatus($"{rpc} while PostgreSQL was down", error);
        }
        _outcomes.AddOrUpdate($"{rpc}: {outcome}", 1, (_, count) => count + 1);
    }
}
