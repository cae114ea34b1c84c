using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;

namespace Credits.Client;

// Usage analytics: reports, forecasts, advice, the leaderboard and badges, with the client's error
// translation and default deadline (the raw generated client is Analytics).
public sealed partial class CreditsClient
{
    /// <summary>Credits spent and operations per day, week or month, optionally per feature and against the period before (scope <c>ledger:read</c>, or an end-user token for that account).</summary>
    /// <param name="request">The account, range, granularity and options.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The buckets, totals and change.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> (a bad range) or <see cref="CreditsAuthException"/>.</exception>
    public Task<GetUsageResponse> GetUsageAsync(GetUsageRequest request, CancellationToken cancellationToken = default) =>
        UnaryAsync(Analytics.GetUsageAsync, request, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>When the account's credits run out at its recent rate, what expires unused on the way, and what to buy before then.</summary>
    /// <param name="accountId">The account, such as <c>user:42</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The forecast, with its arithmetic (rate, window, half-life).</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> or <see cref="CreditsAuthException"/>.</exception>
    public Task<GetForecastResponse> GetForecastAsync(string accountId, CancellationToken cancellationToken = default) =>
        UnaryAsync(Analytics.GetForecastAsync, new GetForecastRequest { AccountId = accountId }, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Cost advice for the account, each piece with its saving, money savings first.</summary>
    /// <param name="accountId">The account, such as <c>user:42</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The suggestions; empty when there is nothing to advise.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> or <see cref="CreditsAuthException"/>.</exception>
    public async Task<IReadOnlyList<Suggestion>> GetSuggestionsAsync(string accountId, CancellationToken cancellationToken = default) =>
        (await UnaryAsync(Analytics.GetSuggestionsAsync, new GetSuggestionsRequest { AccountId = accountId }, new CallOptions(cancellationToken: cancellationToken)))
        .Suggestions;

    /// <summary>The opt-in leaderboard of the current UTC week or month: entrants' chosen names and the gift and referral credits they received.</summary>
    /// <param name="period"><see cref="UsageGranularity.Week"/> or <see cref="UsageGranularity.Month"/>.</param>
    /// <param name="top">Places: 1 to 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The board, best first.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> (a daily period, a bad top).</exception>
    public Task<GetLeaderboardResponse> GetLeaderboardAsync(UsageGranularity period = UsageGranularity.Month, int top = 10, CancellationToken cancellationToken = default) =>
        UnaryAsync(Analytics.GetLeaderboardAsync, new GetLeaderboardRequest { Period = period, Top = top }, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Puts the account on the leaderboard under <paramref name="displayName"/>, or takes it off when it is null (scope <c>ledger:write</c>, or an end-user token for that account).</summary>
    /// <param name="accountId">The account, such as <c>user:42</c>.</param>
    /// <param name="displayName">1 to 32 characters, or null to leave the board.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the account is on the board now.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> (a bad name, a lead account).</exception>
    public async Task<bool> SetLeaderboardParticipationAsync(string accountId, string? displayName, CancellationToken cancellationToken = default) =>
        (await UnaryAsync(Analytics.SetLeaderboardParticipationAsync,
            new SetLeaderboardParticipationRequest { AccountId = accountId, Participate = displayName is not null, DisplayName = displayName ?? "" },
            new CallOptions(cancellationToken: cancellationToken))).Participating;

    /// <summary>The badges the account earned, oldest first, with its progress to the next credits-used milestone.</summary>
    /// <param name="accountId">The account, such as <c>user:42</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The badges and progress.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> or <see cref="CreditsAuthException"/>.</exception>
    public Task<ListBadgesResponse> ListBadgesAsync(string accountId, CancellationToken cancellationToken = default) =>
        UnaryAsync(Analytics.ListBadgesAsync, new ListBadgesRequest { AccountId = accountId }, new CallOptions(cancellationToken: cancellationToken));

    /// <summary>Every account's usage over a range, for operators: the top accounts and features by credits spent and the totals per bucket (scope <c>admin</c>).</summary>
    /// <param name="request">The range, granularity and how many to rank.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The overview.</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> or <see cref="CreditsAuthException"/> (a key without the admin scope).</exception>
    public Task<GetUsageOverviewResponse> GetUsageOverviewAsync(GetUsageOverviewRequest request, CancellationToken cancellationToken = default) =>
        UnaryAsync(Analytics.GetUsageOverviewAsync, request, new CallOptions(cancellationToken: cancellationToken));
}
