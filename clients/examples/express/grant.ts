// Gives an account credits, for trying the example: npm run grant -- user:alice 12
// (CREDITS_LEDGER_URL and CREDITS_API_KEY as for npm start; the key needs ledger:write).
import { randomUUID } from "node:crypto";
import { Bucket, createCreditsServerClient } from "@credits/client/server";

const [accountId, amount] = process.argv.slice(2);
if (!accountId || !amount) {
  console.error("usage: npm run grant -- <account id> <credits>");
  process.exit(2);
}
const { balance } = await createCreditsServerClient().grant({
  accountId,
  amount: BigInt(amount),
  bucket: Bucket.PROMO,
  idempotencyKey: randomUUID(),
});
console.log(`${accountId} has ${balance?.available} credits`);
