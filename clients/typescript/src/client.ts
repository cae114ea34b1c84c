import { type Client, createClient, type Transport } from "@connectrpc/connect";
import { LedgerService } from "./gen/credits/v1/ledger_service_pb";

/** The generated client of `credits.v1.LedgerService`. */
export type CreditsClient = Client<typeof LedgerService>;

/** A client over `transport` (see {@link createCreditsTransport}). Calls fail with `ConnectError`; wrap with {@link CreditsError.from}. */
export function createCreditsClient(transport: Transport): CreditsClient {
  return createClient(LedgerService, transport);
}
