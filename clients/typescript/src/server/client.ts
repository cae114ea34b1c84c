import { Code, ConnectError, type Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { type CreditsClient, createCreditsClient } from "../client";
import { bearer, type Credential } from "../transport";

/** How long one ledger call may take by default before it fails with DEADLINE_EXCEEDED. */
export const DEFAULT_CALL_TIMEOUT_MS = 5_000;

export interface CreditsServerClientOptions {
  /**
   * The ledger's gRPC listener (`Kestrel:Endpoints:Grpc:Url`), e.g. `http://127.0.0.1:5080`.
   * Default: the `CREDITS_LEDGER_URL` environment variable.
   */
  baseUrl?: string;
  /**
   * The service's API key (scopes `ledger:read` and `ledger:write`), or a function returning it.
   * Default: the `CREDITS_API_KEY` environment variable. Keep it on the server: whoever holds it
   * may spend any account's credits.
   */
  apiKey?: Credential;
  /**
   * The deadline of each call, so a ledger that hangs fails the request (503, or fail-open) instead
   * of holding it forever. Default {@link DEFAULT_CALL_TIMEOUT_MS}. It applies to streams too: a
   * StreamHistory that follows live entries passes the call option `{ timeoutMs: 0 }` (no deadline).
   */
  timeoutMs?: number;
}

/**
 * gRPC over HTTP/2 (h2c on loopback, TLS with an `https:` URL) with the API key, through Connect's
 * Node gRPC transport (HTTP/2 is the only version it speaks, so it takes no `httpVersion`). Create
 * one per process and share it: it keeps one HTTP/2 session to the ledger for all calls.
 *
 * The address and key are read at the first call, not at creation: Next.js evaluates route modules
 * at build time, without the runtime's secrets. A call without them fails FAILED_PRECONDITION naming
 * the variable, which the integrations answer 500, never as an unavailable ledger to fail open on.
 */
export function createCreditsServerTransport(options: CreditsServerClientOptions = {}): Transport {
  const connect = (): Transport => {
    const baseUrl = options.baseUrl ?? process.env.CREDITS_LEDGER_URL;
    const apiKey = options.apiKey ?? process.env.CREDITS_API_KEY;
    if (!baseUrl) {
      throw new ConnectError("The ledger's address is missing: pass baseUrl or set CREDITS_LEDGER_URL (e.g. http://127.0.0.1:5080).", Code.FailedPrecondition);
    }
    if (!apiKey) {
      throw new ConnectError("The ledger's API key is missing: pass apiKey or set CREDITS_API_KEY.", Code.FailedPrecondition);
    }
    return createGrpcTransport({ baseUrl, interceptors: [bearer(apiKey)], defaultTimeoutMs: options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS });
  };
  let transport: Transport | undefined;
  const current = () => (transport ??= connect());
  return {
    unary: (...args) => current().unary(...args),
    stream: (...args) => current().stream(...args),
  };
}

/** The ledger's generated client over {@link createCreditsServerTransport}. Errors: wrap with `CreditsError.from`. */
export function createCreditsServerClient(options: CreditsServerClientOptions = {}): CreditsClient {
  return createCreditsClient(createCreditsServerTransport(options));
}
