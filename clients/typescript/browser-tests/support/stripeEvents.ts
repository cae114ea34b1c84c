import { createHmac, randomBytes } from "node:crypto";

/**
 * The body of a `checkout.session.completed` event for a paid session, in the shape Stripe sends
 * (the same fields as tests/stripe/checkout.session.completed.json).
 */
export function checkoutCompleted(session: { id: string; accountId: string; packId: string; amountTotal: number }): string {
  const now = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    id: `evt_${randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: "2025-09-30.clover",
    created: now,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: "checkout.session.completed",
    data: {
      object: {
        id: session.id,
        object: "checkout.session",
        mode: "payment",
        status: "complete",
        payment_status: "paid",
        payment_intent: `pi_${randomBytes(12).toString("hex")}`,
        client_reference_id: session.accountId,
        metadata: { pack_id: session.packId, account_id: session.accountId },
        amount_subtotal: session.amountTotal,
        amount_total: session.amountTotal,
        currency: "usd",
        customer_details: { email: "buyer@example.com" },
        created: now,
        expires_at: now + 24 * 3600,
      },
    },
  });
}

/**
 * The Stripe-Signature header exactly as Stripe computes it: `t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>" keyed with the endpoint's secret>`.
 */
export function stripeSignature(body: string, secret: string, atSeconds = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac("sha256", secret).update(`${atSeconds}.${body}`).digest("hex");
  return `t=${atSeconds},v1=${mac}`;
}
