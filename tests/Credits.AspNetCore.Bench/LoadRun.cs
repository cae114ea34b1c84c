using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Credits.AspNetCore.Bench;

/// <summary>One measured run: requests/s and latency percentiles of one endpoint at one number of callers.</summary>
internal sealed record LoadResult(string Mode, int Callers, long Requests, long Errors, double Seconds, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Seconds;

    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Mode,-8} | {Callers,7} | {RequestsPerSecond,9:F0} | {P50Ms,7:F2} | {P99Ms,7:F2} | {Errors,6} |");
}

/// <summary>Drives one endpoint with a number of callers, each sending its next request when the last one answers.</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(HttpClient http, string mode, int callers, TimeSpan warmup, TimeSpan duration)
    {
        using var stopWarmup = new CancellationTokenSource(warmup);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => CallerAsync(http, mode, caller, null, stopWarmup.Token)));

        var latencies = Enumerable.Range(0, callers).Select(_ => new List<long>(capacity: 16_384)).ToArray();
        var errors = new long[callers];
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
            errors[caller] = await CallerAsync(http, mode, caller, latencies[caller], stop.Token)));
        var seconds = clock.Elapsed.TotalSeconds;

        var all = latencies.SelectMany(list => list).Order().ToArray();
        return new LoadResult(mode, callers, all.Length, errors.Sum(), seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static async Task<long> CallerAsync(HttpClient http, string mode, int caller, List<long>? latencies, CancellationToken stop)
    {
        var errors = 0L;
        var account = string.Create(CultureInfo.InvariantCulture, $"user:bench-{caller}");
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/" + mode);
            request.Headers.Add(BenchApp.UserHeader, account);
            using var response = await http.SendAsync(request, CancellationToken.None);
            await response.Content.ReadAsStringAsync(CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                errors++;
                continue;
            }
            latencies?.Add(Stopwatch.GetTimestamp() - started);
        }
        return errors;
    }

    private static double Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(quantile * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
}
