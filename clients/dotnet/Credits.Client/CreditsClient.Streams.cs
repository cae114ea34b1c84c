using System.Runtime.CompilerServices;
using Credits.Client.Errors;
using Grpc.Core;

namespace Credits.Client;

// Server streams, read with the client's error translation.
public sealed partial class CreditsClient
{
    /// <summary>
    /// The items of a server stream that <paramref name="start"/> opens when enumeration starts: each
    /// response's item (responses without one are skipped), failures as <see cref="CreditsException"/>.
    /// </summary>
    private static async IAsyncEnumerable<TItem> ReadStreamAsync<TResponse, TItem>(
        Func<AsyncServerStreamingCall<TResponse>> start,
        Func<TResponse, TItem?> itemOf,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TItem : class
    {
        AsyncServerStreamingCall<TResponse> call;
        try
        {
            call = start();
        }
        catch (RpcException exception)
        {
            throw ErrorTranslator.Translate(exception);
        }

        using (call)
        {
            while (true)
            {
                TResponse? response;
                try
                {
                    response = await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false)
                        ? call.ResponseStream.Current
                        : default;
                }
                catch (RpcException exception)
                {
                    throw ErrorTranslator.Translate(exception);
                }

                if (response is null)
                {
                    yield break;
                }

                if (itemOf(response) is { } item)
                {
                    yield return item;
                }
            }
        }
    }
}
