using Credits.Client.Errors;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Client;

public sealed partial class CreditsClient
{
    /// <summary>
    /// Reads an account's balance as it was at <paramref name="asOf"/>, replayed by the server from
    /// the account's journal, with each lot that held credits then (granted, spent, held, expired,
    /// remaining and the journal entries that moved it).
    /// </summary>
    /// <param name="accountId">The account, for example <c>user:42</c>.</param>
    /// <param name="asOf">The instant; one in the future is refused.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The balance then (<see cref="GetBalanceResponse.Balance"/>) and its lots (<see cref="GetBalanceResponse.Lots"/>).</returns>
    /// <exception cref="CreditsException">The call failed; typically <see cref="InvalidRequestException"/> (an instant in the future), <see cref="CreditsAuthException"/>, <see cref="CreditsUnavailableException"/>, or a <c>REPLAY_TOO_LONG</c> refusal when the journal up to then is longer than the server replays.</exception>
    public async Task<GetBalanceResponse> GetBalanceAsOfAsync(string accountId, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var request = new GetBalanceRequest { AccountId = accountId, AsOf = Timestamp.FromDateTimeOffset(asOf) };
        var response = await UnaryAsync(Raw.GetBalanceAsync, request, new CallOptions(cancellationToken: cancellationToken)).ConfigureAwait(false);
        response.Balance ??= new Balance { AccountId = accountId };
        return response;
    }
}
