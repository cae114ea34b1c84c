import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";

/** A Checkout session the fake created, with the form Stripe.net sent. */
export interface FakeSession {
  id: string;
  url: string;
  form: URLSearchParams;
  idempotencyKey: string;
}

/**
 * A stand-in for the parts of Stripe the purchase involves, on 127.0.0.1: the API's
 * `POST /v1/checkout/sessions` (called by the ledger through Stripe.net, form-encoded, answered
 * like Stripe, a repeated idempotency key getting the first session back), and a hosted checkout
 * page at the session's URL whose Pay and Cancel links return to the session's success and cancel
 * URLs, as Stripe Checkout does. It never sends webhooks: the test signs and posts them.
 */
export class FakeStripe {
  readonly sessions: FakeSession[] = [];
  private readonly byKey = new Map<string, FakeSession>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeStripe> {
    let fake: FakeStripe | undefined;
    const server = createServer((request, response) => {
      void fake!.handle(request).then(
        ({ status, type, body }) => response.writeHead(status, { "content-type": type }).end(body),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (typeof address !== "object" || !address) throw new Error("the fake Stripe has no address");
    fake = new FakeStripe(server, `http://127.0.0.1:${address.port}`);
    return fake;
  }

  /** The session created for `accountId`, most recent first. */
  sessionFor(accountId: string): FakeSession | undefined {
    return [...this.sessions].reverse().find((session) => session.form.get("client_reference_id") === accountId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; type: string; body: string }> {
    const url = new URL(request.url ?? "/", this.baseUrl);
    if (request.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const form = new URLSearchParams(await readBody(request));
      const key = String(request.headers["idempotency-key"] ?? "");
      const session = (key && this.byKey.get(key)) || this.create(form, key);
      return { status: 200, type: "application/json", body: JSON.stringify(sessionJson(session)) };
    }
    const page = url.pathname.match(/^\/c\/pay\/(cs_test_\w+)$/);
    const session = page && this.sessions.find((candidate) => candidate.id === page[1]);
    if (request.method === "GET" && session) {
      return { status: 200, type: "text/html; charset=utf-8", body: checkoutPage(session) };
    }
    return { status: 404, type: "application/json", body: JSON.stringify({ error: { type: "invalid_request_error", message: "Unknown path" } }) };
  }

  private create(form: URLSearchParams, key: string): FakeSession {
    const id = `cs_test_${randomBytes(12).toString("hex")}`;
    const session = { id, url: `${this.baseUrl}/c/pay/${id}`, form, idempotencyKey: key };
    this.sessions.push(session);
    if (key) this.byKey.set(key, session);
    return session;
  }
}

function sessionJson(session: FakeSession) {
  const now = Math.floor(Date.now() / 1000);
  const metadata: Record<string, string> = {};
  for (const [field, value] of session.form) {
    const name = field.match(/^metadata\[(.+)\]$/)?.[1];
    if (name) metadata[name] = value;
  }
  return {
    id: session.id,
    object: "checkout.session",
    mode: session.form.get("mode"),
    status: "open",
    payment_status: "unpaid",
    client_reference_id: session.form.get("client_reference_id"),
    success_url: session.form.get("success_url"),
    cancel_url: session.form.get("cancel_url"),
    metadata,
    url: session.url,
    livemode: false,
    created: now,
    expires_at: now + 24 * 3600,
  };
}

function checkoutPage(session: FakeSession): string {
  const success = (session.form.get("success_url") ?? "").replace("{CHECKOUT_SESSION_ID}", session.id);
  const cancel = session.form.get("cancel_url") ?? "";
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<!doctype html><title>Fake Stripe Checkout</title><h1>Fake Stripe Checkout</h1>
<p data-testid="session">${escape(session.id)}</p><p data-testid="price">${escape(session.form.get("line_items[0][price]") ?? "")}</p>
<a id="pay" href="${escape(success)}">Pay</a> <a id="cancel" href="${escape(cancel)}">Cancel</a>`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
