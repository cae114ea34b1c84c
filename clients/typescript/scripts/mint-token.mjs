#!/usr/bin/env node
// Mints an end-user token as a product's backend does: an HS256 JWT whose `sub` is the account,
// signed with the key the ledger is configured with (Auth:EndUserTokens:SigningKey), carrying the
// configured issuer and audience and a short expiry. Any JWT library does the same; this one uses
// only node:crypto so that the browser tests and the README need nothing else.
//
//   CREDITS_TOKEN_SIGNING_KEY=... node scripts/mint-token.mjs --account user:42 --issuer https://shop.example.com \
//     [--audience credits-ledger] [--minutes 15]
import { createHmac } from "node:crypto";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** @param {{ accountId: string, signingKey: string, issuer: string, audience?: string, lifetimeSeconds?: number, nowSeconds?: number }} options */
export function mintToken({ accountId, signingKey, issuer, audience = "credits-ledger", lifetimeSeconds = 900, nowSeconds }) {
  const now = nowSeconds ?? Math.floor(Date.now() / 1000);
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = encode({ alg: "HS256", typ: "JWT" });
  const payload = encode({ sub: accountId, iss: issuer, aud: audience, iat: now, nbf: now, exp: now + lifetimeSeconds });
  const signature = createHmac("sha256", signingKey).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      account: { type: "string" },
      issuer: { type: "string" },
      audience: { type: "string", default: "credits-ledger" },
      minutes: { type: "string", default: "15" },
    },
  });
  const signingKey = process.env.CREDITS_TOKEN_SIGNING_KEY;
  if (!values.account || !values.issuer || !signingKey) {
    console.error("Usage: CREDITS_TOKEN_SIGNING_KEY=... mint-token.mjs --account user:42 --issuer ISSUER [--audience credits-ledger] [--minutes 15]");
    process.exit(2);
  }
  console.log(
    mintToken({ accountId: values.account, signingKey, issuer: values.issuer, audience: values.audience, lifetimeSeconds: Number(values.minutes) * 60 }),
  );
}
