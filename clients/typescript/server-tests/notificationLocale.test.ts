import { randomUUID } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../scripts/mint-token.mjs";
import { LedgerServer } from "../browser-tests/support/ledgerServer";
import { CreditsError } from "../src/errors";
import { createNotificationsClient, getNotificationLocale, getNotificationPreferences, setNotificationLocale } from "../src/notifications";
import { createCreditsTransport } from "../src/transport";
import { Ledger } from "./support/ledger";

let ledger: Ledger;
beforeAll(async () => {
  ledger = await Ledger.start();
});
afterAll(async () => {
  await ledger?.stop();
});

/** The notifications client a signed-in user's page has: gRPC-Web to the browser listener with an end-user token for `accountId`. */
function asUser(accountId: string) {
  const token = mintToken({ accountId, signingKey: LedgerServer.signingKey, issuer: LedgerServer.issuer });
  return createNotificationsClient(createCreditsTransport({ baseUrl: ledger.server.browserUrl, token }));
}

describe("the account's locale (NotificationPreferences.locale) from the TypeScript client", () => {
  it("is set with an end-user token for the own account and read back, the other preferences kept", async () => {
    const accountId = await ledger.account(0);
    const user = asUser(accountId);
    await user.updateNotificationPreferences({
      accountId,
      preferences: { lowBalanceThresholds: [30], inApp: true, email: true, emailAddress: "ada@example.com" },
      idempotencyKey: randomUUID(),
    });
    expect(await getNotificationLocale(user, accountId)).toBe("");

    const stored = await setNotificationLocale(user, accountId, "de-DE");

    expect(stored.locale).toBe("de-DE");
    const read = await getNotificationPreferences(asUser(accountId), accountId);
    expect([read.locale, read.lowBalanceThresholds, read.inApp, read.email, read.emailAddress]).toEqual(["de-DE", [30], true, true, "ada@example.com"]);

    await setNotificationLocale(user, accountId, "");
    expect(await getNotificationLocale(user, accountId)).toBe("");
  });

  it("refuses a tag that is not BCP 47 with INVALID_ARGUMENT naming preferences.locale, and keeps the one set", async () => {
    const accountId = await ledger.account(0);
    const user = asUser(accountId);
    await setNotificationLocale(user, accountId, "en-GB");

    const refused = await setNotificationLocale(user, accountId, "not a tag!").then(() => undefined, CreditsError.from);

    expect(refused?.code).toBe(Code.InvalidArgument);
    expect(refused?.reason).toBe("INVALID_REQUEST");
    expect(refused?.fieldViolations.map((violation) => violation.field)).toEqual(["preferences.locale"]);
    expect(await getNotificationLocale(user, accountId)).toBe("en-GB");
  });

  it("is refused for another account's token (TOKEN_ACCOUNT_DENIED)", async () => {
    const accountId = await ledger.account(0);

    const denied = await setNotificationLocale(asUser(await ledger.account(0)), accountId, "de").then(() => undefined, CreditsError.from);

    expect([denied?.code, denied?.reason]).toEqual([Code.PermissionDenied, "TOKEN_ACCOUNT_DENIED"]);
  });
});
