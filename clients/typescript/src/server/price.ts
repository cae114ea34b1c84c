/**
 * What a route costs: a feature of the ledger's price catalogue (`Ledger:Features:<name>`, priced on
 * the server, so a price change needs no deploy of the product) times a quantity, or a fixed number
 * of credits.
 */
export type Price<Req> =
  | { feature: string; quantity?: number | ((request: Req) => number | Promise<number>) }
  | { credits: number };

/** The cost part of a ReserveRequest for `price` (quantity 0 means 1 to the ledger). */
export async function costOf<Req>(
  price: Price<Req>,
  request: Req,
): Promise<{ case: "amount"; value: bigint } | { case: "feature"; value: string; quantity: bigint }> {
  if ("credits" in price) {
    return { case: "amount", value: wholeCredits(price.credits, "credits") };
  }
  const quantity = typeof price.quantity === "function" ? await price.quantity(request) : (price.quantity ?? 1);
  return { case: "feature", value: price.feature, quantity: wholeCredits(quantity, "quantity") };
}

/** A positive whole number as the ledger's int64; anything else is the route's bug, not the caller's. */
function wholeCredits(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number of at least 1, not ${value}.`);
  }
  return BigInt(value);
}
