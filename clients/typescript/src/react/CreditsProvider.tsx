import { createContext, type ReactNode, useContext } from "react";
import type { CreditsClient } from "../client";

const CreditsClientContext = createContext<CreditsClient | null>(null);

/** Makes `client` available to the hooks below it. */
export function CreditsProvider({ client, children }: { client: CreditsClient; children: ReactNode }) {
  return <CreditsClientContext.Provider value={client}>{children}</CreditsClientContext.Provider>;
}

/** The client of the nearest {@link CreditsProvider}. */
export function useCreditsClient(): CreditsClient {
  const client = useContext(CreditsClientContext);
  if (!client) {
    throw new Error("useCredits and useCreditHistory need a <CreditsProvider client={...}> above them.");
  }
  return client;
}
