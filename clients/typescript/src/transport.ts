import type { Interceptor, Transport } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";

/** A credential, or a function that returns a fresh one (end-user tokens live an hour at most). */
export type Credential = string | (() => string | Promise<string>);

export interface CreditsTransportOptions {
  /** The server's browser listener (`Browser:Url`), for example `https://credits.example.com`. */
  baseUrl: string;
  /**
   * An end-user token minted by the product's backend for the signed-in account. Browsers must
   * never hold an API key: the ledger trusts whoever presents one.
   */
  token: Credential;
  /** Replaces `fetch`, for tests. */
  fetch?: typeof globalThis.fetch;
}

/** Sends `authorization: Bearer <token>` on every call, asking for the token each time so it can be refreshed. */
export function bearer(credential: Credential): Interceptor {
  return (next) => async (request) => {
    const value = typeof credential === "function" ? await credential() : credential;
    request.header.set("authorization", `Bearer ${value}`);
    return next(request);
  };
}

/**
 * gRPC-Web over HTTP/1.1, what browsers can speak, with binary protobuf (smaller than JSON, and
 * the only format the server's gRPC-Web endpoint serves).
 */
export function createCreditsTransport(options: CreditsTransportOptions): Transport {
  return createGrpcWebTransport({
    baseUrl: options.baseUrl,
    interceptors: [bearer(options.token)],
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
