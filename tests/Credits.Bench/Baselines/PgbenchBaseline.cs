using System.Diagnostics;
using System.Globalization;
using Credits.Bench.Scenarios;
using Npgsql;

namespace Credits.Bench.Baselines;

/// <summary>
/// The raw-SQL baseline's two transactions run by pgbench, PostgreSQL's own C client: the same
/// statements on the same <c>bench_*</c> tables (<see cref="RawSqlSchema"/>), one script run per
/// Reserve+Commit pair, with prepared statements and each transaction's inserts and COMMIT in one
/// pipeline (as the .NET baseline sends them in one batch). It says what the database alone can do
/// with the thinnest client there is, so a ledger figure above it is not an artefact of a slow
/// .NET baseline. One pgbench process runs the warm-up and the window; its per-transaction log
/// (<c>-l</c>) gives the pairs that started and ended inside the window and their latencies.
/// pgbench's own CPU is not in the table (it is a child process, not this one).
/// </summary>
internal static class PgbenchBaseline
{
    public const string Name = "pgbench Reserve+Commit";

    /// <summary>The variable tests/bench.sh sets to the pgbench of the PostgreSQL build it starts.</summary>
    public const string Variable = "LEDGER_BENCH_PGBENCH";

    /// <summary>pgbench from $LEDGER_BENCH_PGBENCH, else PostgreSQL 15's, else the PATH's; null when there is none.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return configured;
        }
        const string postgres15 = "/usr/lib/postgresql/15/bin/pgbench";
        if (File.Exists(postgres15))
        {
            return postgres15;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "pgbench")).FirstOrDefault(File.Exists);
    }

    /// <summary>Runs <paramref name="callers"/> pgbench clients on <paramref name="set"/> for the warm-up and the window of <paramref name="clock"/>.</summary>
    public static async Task<MeasurementResult> RunAsync(string pgbench, string connectionString, AccountSetKind set, int accounts, int callers,
        MeasurementClock clock, CpuMeter cpu, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("credits-pgbench-");
        try
        {
            var script = Path.Combine(directory.FullName, "pair.sql");
            await File.WriteAllTextAsync(script, Script(set, accounts), cancellationToken);
            var connection = new NpgsqlConnectionStringBuilder(connectionString);
            var seconds = (long)Math.Ceiling(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), clock.MeasureTo).TotalSeconds);
            var start = new ProcessStartInfo(pgbench)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.FullName,
            };
            foreach (var argument in new[]
                     {
                         // pgbench would read a colon inside a quoted literal as a variable: the account names come as variables.
                         "-D", "prefix=user:bench-", "-D", "hot=user:bench-hot",
                         "-n", "-M", "prepared", "-f", script, "-c", Invariant(callers), "-j", Invariant(Math.Min(callers, Environment.ProcessorCount)),
                         "-T", Invariant(Math.Max(1, seconds)), "-l", "--log-prefix", Path.Combine(directory.FullName, "log"),
                         "-h", connection.Host!, "-p", Invariant(connection.Port), "-U", connection.Username!, connection.Database!,
                     })
            {
                start.ArgumentList.Add(argument);
            }
            // The wall-clock instants of the window, for the log's epoch timestamps.
            var now = DateTimeOffset.UtcNow;
            var from = now + Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), clock.MeasureFrom);
            var to = now + Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), clock.MeasureTo);
            var usage = cpu.MeasureWindowAsync(clock, cancellationToken);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{pgbench} did not start.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"pgbench exited with {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}");
            }
            var (latency, failed) = ReadLogs(directory.FullName, from, to);
            return new MeasurementResult(latency.Count, clock.Window, latency, failed, failed > 0 ? ["pgbench logged failed transactions"] : [])
            {
                Cpu = await usage,
            };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Pairs that started and ended inside [<paramref name="from"/>, <paramref name="to"/>]: a log line is
    /// "client transaction latency_us script epoch_s epoch_us", stamped when the transaction ended.
    /// </summary>
    private static (LatencyRecorder Latency, long Failed) ReadLogs(string directory, DateTimeOffset from, DateTimeOffset to)
    {
        var latency = new LatencyRecorder();
        long failed = 0;
        var (fromMicros, toMicros) = (from.ToUnixTimeMilliseconds() * 1000, to.ToUnixTimeMilliseconds() * 1000);
        foreach (var file in Directory.EnumerateFiles(directory, "log.*"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(' ');
                if (fields.Length < 6)
                {
                    continue;
                }
                if (fields[2] == "failed")
                {
                    failed++;
                    continue;
                }
                var micros = long.Parse(fields[2], CultureInfo.InvariantCulture);
                var ended = long.Parse(fields[4], CultureInfo.InvariantCulture) * 1_000_000 + long.Parse(fields[5], CultureInfo.InvariantCulture);
                if (ended - micros >= fromMicros && ended <= toMicros)
                {
                    latency.Record(micros);
                }
            }
        }
        return (latency, failed);
    }

    /// <summary>The pair as a pgbench script: RawSqlBaseline's statements, values computed in SQL where pgbench has no strings.</summary>
    private static string Script(AccountSetKind set, int accounts)
    {
        var account = set == AccountSetKind.Hot
            ? ":hot"
            : ":prefix || CASE WHEN :n < 100000 THEN lpad(:n::text, 5, '0') ELSE :n::text END";
        const string now = "(extract(epoch from clock_timestamp()) * 1000)::bigint";
        return $$"""
            \set n random(0, {{Invariant(accounts - 1)}})
            \set r random(1, 9000000000000000000)
            BEGIN;
            UPDATE bench_accounts SET available = available - 1, held = held + 1, last_sequence = last_sequence + 1, updated_at_ms = {{now}} WHERE account_id = {{account}} AND available >= 1 RETURNING account_id AS acct, last_sequence AS seq, available AS av, held AS hd, updated_at_ms AS at \gset
            \startpipeline
            INSERT INTO bench_holds (account_id, hold_id, amount, state, committed, released, parts_json, feature, expires_at_ms, created_at_ms, ended_at_ms) VALUES (:acct, 'hold_' || :client_id || '_' || :r, 1, 0, 0, 0, '[{"lotId":"lot_' || :acct || '","amount":' || 1 || '}]', '', :at::bigint + 300000, :at::bigint, NULL);
            INSERT INTO bench_journal (account_id, sequence, kind, amount, available_after, held_after, lot_id, hold_id, parts_json, feature, actor, idempotency_key, metadata_json, bucket, reference, created_at_ms) VALUES (:acct, :seq, 2, 0, :av, :hd, '', 'hold_' || :client_id || '_' || :r, '[{"lotId":"lot_' || :acct || '","amount":' || 1 || '}]', '', 'bench', 'pgbench-' || :client_id || '-' || :r, '{}', NULL, '', :at::bigint);
            INSERT INTO bench_idempotency_keys (account_id, caller, idempotency_key, fingerprint, response_json, created_at_ms, expires_at_ms) VALUES (:acct, 'bench', 'pgbench-' || :client_id || '-' || :r, encode(sha256(convert_to('pgbench-' || :client_id || '-' || :r, 'UTF8')), 'hex'), '{"holdId":"hold_' || :client_id || '_' || :r || '","amount":' || 1 || ',"available":' || :av || ',"held":' || :hd || '}', :at::bigint, :at::bigint + 604800000);
            COMMIT;
            \endpipeline
            BEGIN;
            UPDATE bench_holds SET state = 1, committed = amount, ended_at_ms = {{now}} WHERE hold_id = 'hold_' || :client_id || '_' || :r AND state = 0 RETURNING account_id AS hacct, amount AS amt, ended_at_ms AS cat \gset
            UPDATE bench_accounts SET held = held - :amt::bigint, last_sequence = last_sequence + 1, updated_at_ms = :cat::bigint WHERE account_id = :hacct RETURNING last_sequence AS cseq, available AS cav, held AS chd \gset
            \startpipeline
            INSERT INTO bench_journal (account_id, sequence, kind, amount, available_after, held_after, lot_id, hold_id, parts_json, feature, actor, idempotency_key, metadata_json, bucket, reference, created_at_ms) VALUES (:hacct, :cseq, 3, -(:amt::bigint), :cav, :chd, '', 'hold_' || :client_id || '_' || :r, '[{"lotId":"lot_' || :hacct || '","amount":' || 1 || '}]', '', 'bench', '', '{}', NULL, '', :cat::bigint);
            COMMIT;
            \endpipeline

            """;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
