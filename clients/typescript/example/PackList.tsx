import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useEffect, useState } from "react";
import { CreditsError } from "../src/errors";
import type { Pack } from "../src/gen/credits/v1/checkout_pb";
import { useCreditsClient } from "../src/react/CreditsProvider";
import { errorText } from "./errorText";
import { credits, lotText, price } from "./format";

/** The packs this account may buy (ListPacks for the account, every page), each with a button that starts Stripe Checkout. */
export function PackList({ accountId }: { accountId: string }) {
  const client = useCreditsClient();
  const [packs, setPacks] = useState<Pack[] | undefined>();
  const [error, setError] = useState<CreditsError | undefined>();
  const [buying, setBuying] = useState<string | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      const all: Pack[] = [];
      let pageToken = "";
      do {
        const page = await client.listPacks({ pageToken, accountId }, { signal: controller.signal });
        all.push(...page.packs);
        pageToken = page.nextPageToken;
      } while (pageToken);
      setPacks(all);
    })().catch((caught: unknown) => {
      if (!controller.signal.aborted) setError(CreditsError.from(caught));
    });
    return () => controller.abort();
  }, [client, accountId]);

  async function buy(pack: Pack) {
    setBuying(pack.packId);
    setError(undefined);
    const here = window.location.origin + window.location.pathname;
    try {
      const session = await client.createCheckoutSession({
        accountId,
        packId: pack.packId,
        // Stripe fills in the session id; the page only needs to know how the checkout ended.
        successUrl: `${here}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${here}?checkout=cancel`,
        // Stripe's payment page in the reader's language (the ledger maps the tag onto Stripe's list).
        locale: navigator.language,
        // One key per click: a retry of this request returns the same session, a new click a new one.
        idempotencyKey: crypto.randomUUID(),
      });
      window.location.assign(session.url);
    } catch (caught) {
      setError(CreditsError.from(caught));
      setBuying(undefined);
    }
  }

  return (
    <section className="card">
      <h2>Packs</h2>
      {error && (
        <p className="notice notice-error" data-testid="packs-error">
          {errorText(error)}
        </p>
      )}
      {!packs && !error && <p className="muted">Loading packs…</p>}
      <ul className="packs">
        {packs?.map((pack) => (
          <li key={pack.packId} id={`pack-${pack.packId}`} className="pack" data-testid={`pack-${pack.packId}`}>
            <h3>{pack.name}</h3>
            <p className="pack-credits">
              {credits(pack.credits)} credits
              {pack.bonusCredits > 0n && <span className="bonus"> + {credits(pack.bonusCredits)} bonus</span>}
            </p>
            {pack.label && <p className="pack-label">{pack.label}</p>}
            {/* A bundle's further lots: ListPacks lists the credits and the bonus first, then these. */}
            {pack.lots.length > (pack.bonusCredits > 0n ? 2 : 1) && (
              <ul className="pack-lots" data-testid={`lots-${pack.packId}`}>
                {pack.lots.slice(pack.bonusCredits > 0n ? 2 : 1).map((lot, index) => (
                  <li key={index}>+ {lotText(lot)}</li>
                ))}
              </ul>
            )}
            <p className="pack-price">{price(pack.unitAmount, pack.currency)}</p>
            {pack.availableUntil && (
              <p className="offer-ends" data-testid={`offer-ends-${pack.packId}`}>
                Offer ends {timestampDate(pack.availableUntil).toLocaleString()}
              </p>
            )}
            <p className="muted">{pack.validityMonths > 0 ? `Valid for ${pack.validityMonths} months` : "Never expires"}</p>
            <button type="button" onClick={() => void buy(pack)} disabled={buying !== undefined} data-testid={`buy-${pack.packId}`}>
              {buying === pack.packId ? "Opening checkout…" : "Buy"}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
