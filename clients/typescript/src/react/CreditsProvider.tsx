import { createContext, type ReactNode, useContext } from "react";
import type { AnalyticsClient } from "../analytics";
import type { CreditsClient } from "../client";

const CreditsClientContext = createContext<CreditsClient | null>(null);
const AnalyticsClientContext = createContext<AnalyticsClient | null>(null);

/**
 * Makes `client` available to the hooks below it, and `analytics` (a client of the same transport,
 * see createAnalyticsClient) to useUsage, useForecast and useSuggestions.
 */
export function CreditsProvider({ client, analytics, children }: { client: CreditsClient; analytics?: AnalyticsClient; children: ReactNode }) {
  return (
    <CreditsClientContext.Provider value={client}>
      <AnalyticsClientContext.Provider value={analytics ?? null}>{children}</AnalyticsClientContext.Provider>
    </CreditsClientContext.Provider>
  );
}

/** The client of the nearest {@link CreditsProvider}. */
export function useCreditsClient(): CreditsClient {
  const client = useContext(CreditsClientContext);
  if (!client) {
    throw new Error("useCredits and useCreditHistory need a <CreditsProvider client={...}> above them.");
  }
  return client;
}

/** The analytics client of the nearest {@link CreditsProvider}. */
export function useAnalyticsClient(): AnalyticsClient {
  const client = useContext(AnalyticsClientContext);
  if (!client) {
    throw new Error("useUsage, useForecast and useSuggestions need a <CreditsProvider client={...} analytics={...}> above them.");
  }
  return client;
}
