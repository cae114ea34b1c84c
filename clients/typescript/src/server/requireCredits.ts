import type { IncomingMessage, ServerResponse } from "node:http";
import { admit } from "./admission";
import type { Charge, Settlement } from "./charge";
import { type CreditsOptions, report } from "./options";
import type { Price } from "./price";
import { CREDITS_REMAINING_HEADER, type Problem } from "./problem";

/** The response as Express (4 or 5) hands it to middleware: Node's, with `locals`. */
export type CreditsResponse = ServerResponse & { locals?: Record<string, unknown> };

/** Options of `requireCredits`: the shared {@link CreditsOptions} with the framework's request. */
export type RequireCreditsOptions<Req extends IncomingMessage = IncomingMessage> = CreditsOptions<Req>;

/** Where the middleware puts the request's {@link Charge}: `res.locals.credits`. */
export const CHARGE_LOCAL = "credits";

/**
 * Express middleware pricing the routes after it: reserves before them, then on the response's
 * `finish` commits when the status is 2xx (what `res.locals.credits.use(n)` said, else the price)
 * and releases otherwise; a `close` before `finish` (the client went away) releases. A 2xx response
 * carries `Credits-Remaining`, computed when its headers are written, as of the reserve. Refusals are
 * the same RFC 9457 problems as `withCredits`. Only needs Node's request and response, so it also
 * fits Connect-style frameworks.
 */
export function requireCredits<Req extends IncomingMessage = IncomingMessage>(price: Price<Req>, options: RequireCreditsOptions<Req>) {
  return (req: Req, res: CreditsResponse, next: (error?: unknown) => void): void => {
    admit(price, req, factsOf(req), options).then((admission) => {
      if (admission.problem) {
        sendProblem(res, admission.problem);
        return;
      }
      const { charge } = admission;
      if (res.closed && !res.writableFinished) {
        // The client left while the reserve was on its way: nothing will run.
        void settle(charge, "release", options);
        return;
      }
      if (res.locals) {
        res.locals[CHARGE_LOCAL] = charge;
      } else {
        res.locals = { [CHARGE_LOCAL]: charge };
      }
      settleWithResponse(charge, res, options);
      next();
    }, next);
  };
}

/** Binds the options once, so each route is `app.post("/images", requireCredits({ feature: "image.generate" }), handler)`. */
export function createRequireCredits<Req extends IncomingMessage = IncomingMessage>(defaults: RequireCreditsOptions<Req>) {
  return (price: Price<Req>, overrides: Partial<RequireCreditsOptions<Req>> = {}) => requireCredits(price, { ...defaults, ...overrides });
}

/** The request's charge, from `res.locals` (undefined on a route `requireCredits` does not price). */
export function chargeOf(res: CreditsResponse): Charge | undefined {
  return res.locals?.[CHARGE_LOCAL] as Charge | undefined;
}

function settleWithResponse<Req>(charge: Charge, res: CreditsResponse, options: RequireCreditsOptions<Req & IncomingMessage>): void {
  const writeHead = res.writeHead;
  // Headers leave before `finish`, so the header is written from the reserve's balance, once the
  // status is known (Express writes headers through writeHead, explicitly or on the first write).
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    const status = typeof args[0] === "number" ? args[0] : res.statusCode;
    const remaining = charge.remainingAfterCommit;
    if (isSuccess(status) && remaining !== undefined && !res.headersSent) {
      res.setHeader(CREDITS_REMAINING_HEADER, String(remaining));
    }
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
  res.once("finish", () => void settle(charge, isSuccess(res.statusCode) ? "commit" : "release", options));
  res.once("close", () => {
    if (!res.writableFinished) {
      void settle(charge, "release", options);
    }
  });
}

async function settle<Req>(charge: Charge, how: Settlement, options: CreditsOptions<Req>): Promise<void> {
  const result = await charge.settle(how);
  if ("error" in result) {
    // The response is already on its way; a hold left unsettled releases itself at its TTL.
    report(options, result.error, how);
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

function factsOf(req: IncomingMessage) {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? "/";
  const key = req.headers["idempotency-key"];
  return { method: req.method ?? "GET", path: url.split("?")[0] ?? "/", idempotencyKey: (Array.isArray(key) ? key[0] : key) ?? null };
}

function sendProblem(res: ServerResponse, problem: Problem): void {
  res.writeHead(problem.status, problem.headers).end(JSON.stringify(problem.body));
}
