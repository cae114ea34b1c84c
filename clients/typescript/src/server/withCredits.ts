import { type Admission, admit } from "./admission";
import type { Charge } from "./charge";
import { type CreditsOptions, report } from "./options";
import type { Price } from "./price";
import { CREDITS_REMAINING_HEADER, type Problem } from "./problem";

/** A Next.js App Router route handler (`export const POST = ...`): the framework's `(request, context)`. */
export type RouteHandler<Ctx> = (request: Request, context: Ctx) => Promise<Response>;

/** The handler `withCredits` wraps: the route handler's arguments, then the request's {@link Charge}. */
export type PaidRouteHandler<Ctx> = (request: Request, context: Ctx, charge: Charge) => Response | Promise<Response>;

/** Options of `withCredits`: the shared {@link CreditsOptions} with the Fetch API's `Request`. */
export type WithCreditsOptions = CreditsOptions<Request>;

/**
 * The status answered to a request whose client went away before the handler finished (nginx's
 * "client closed request"); nobody reads it, it only keeps logs honest.
 */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * Prices a route handler: reserves before it runs, commits when it returns a 2xx Response (what
 * `charge.use(n)` said, else the whole price) and adds `Credits-Remaining`; releases when it returns
 * any other status, throws, or the client aborts (`request.signal`) before it returns. Refusals are
 * RFC 9457 problems: 402 with `available`, `required` and the purchase link; see the docs for the rest.
 */
export function withCredits<Ctx = unknown>(price: Price<Request>, handler: PaidRouteHandler<Ctx>, options: WithCreditsOptions): RouteHandler<Ctx> {
  return async (request, context) => {
    const admission: Admission = await admit(price, request, factsOf(request), options);
    if (admission.problem) {
      return problemResponse(admission.problem);
    }
    const { charge } = admission;
    const outcome = await runUntilAbort(request.signal, () => handler(request, context, charge)).catch(async (error: unknown) => {
      await settle(charge, "release", options);
      throw error;
    });
    if (outcome === "aborted") {
      await settle(charge, "release", options);
      return new Response(null, { status: CLIENT_CLOSED_REQUEST });
    }
    if (outcome.status < 200 || outcome.status > 299) {
      await settle(charge, "release", options);
      return outcome;
    }
    // No header when nothing was committed (fail-open, or a commit that failed): there is no balance to tell.
    const balance = await settle(charge, "commit", options);
    return balance === undefined ? outcome : withHeader(outcome, CREDITS_REMAINING_HEADER, String(balance.available));
  };
}

/**
 * Binds the options once (`lib/credits.ts`), so each route is one line:
 * `export const POST = withCredits({ feature: "image.generate" }, handler)`.
 */
export function createWithCredits(defaults: WithCreditsOptions) {
  return <Ctx = unknown>(price: Price<Request>, handler: PaidRouteHandler<Ctx>, overrides: Partial<WithCreditsOptions> = {}): RouteHandler<Ctx> =>
    withCredits(price, handler, { ...defaults, ...overrides });
}

function factsOf(request: Request) {
  return { method: request.method, path: new URL(request.url).pathname, idempotencyKey: request.headers.get("idempotency-key") };
}

/** The handler's Response, or "aborted" as soon as the client goes away (the handler may still be running; its result is then dropped). */
async function runUntilAbort(signal: AbortSignal, run: () => Response | Promise<Response>): Promise<Response | "aborted"> {
  if (signal.aborted) {
    return "aborted";
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const handled = Promise.resolve().then(run);
  try {
    return await Promise.race([handled, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort as () => void);
    // After an abort nobody awaits the handler any more; its late failure is not an unhandled rejection.
    handled.catch(() => undefined);
  }
}

async function settle(charge: Charge, how: "commit" | "release", options: WithCreditsOptions) {
  const result = await charge.settle(how);
  if ("error" in result) {
    // The route has run: its response stands, and a hold left unsettled releases itself at its TTL.
    report(options, result.error, how);
    return undefined;
  }
  return result.balance;
}

function problemResponse(problem: Problem): Response {
  return new Response(JSON.stringify(problem.body), { status: problem.status, headers: problem.headers });
}

/** Sets a header, copying the Response when its headers are immutable (e.g. `Response.redirect`, a proxied `fetch`). */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}
