import type { NextFunction, Request, Response } from "express";

// Stands in for the product's real authentication (a session cookie, a verified JWT). What matters
// is where the account comes from: what this step verified, never a header or body field the
// client chooses, because whoever names the account spends its credits.
const accounts = new WeakMap<Request, string>();

/**
 * Demo sessions: `Authorization: Bearer <token>` for the tokens in DEMO_SESSIONS
 * (`token=account,token=account`), default `alice-token=user:alice,bob-token=user:bob`.
 */
const sessions = new Map(
  (process.env.DEMO_SESSIONS ?? "alice-token=user:alice,bob-token=user:bob")
    .split(",")
    .map((pair) => pair.split("=") as [string, string]),
);

export function authenticate(req: Request, res: Response, next: NextFunction): void {
  const token = /^Bearer (.+)$/.exec(req.get("authorization") ?? "")?.[1];
  const accountId = token === undefined ? undefined : sessions.get(token);
  if (accountId === undefined) {
    res.status(401).json({ error: "sign in first" });
    return;
  }
  accounts.set(req, accountId);
  next();
}

/** The signed-in account, for `requireCredits`' resolver. */
export function accountOf(req: Request): string | undefined {
  return accounts.get(req);
}
