import { type FormEvent, useRef, useState } from "react";
import { CreditsError } from "../src/errors";
import { type GiftsClient, redeemGiftCode } from "../src/gifts";
import { errorText } from "./errorText";
import { credits } from "./format";

/** What to tell a person whose code did not work: matched on the reason, never on the message. */
function refusalText(error: CreditsError): string {
  if (error.is("GIFT_CODE_NOT_FOUND") || (error.is("INVALID_REQUEST") && error.metadata.field === "code")) {
    return "That code does not exist. Check it for typos.";
  }
  if (error.is("GIFT_CODE_REDEEMED")) {
    return "That code has already been used.";
  }
  if (error.is("GIFT_CODE_EXPIRED")) {
    return "That code has expired.";
  }
  if (error.is("GIFT_CODE_REVOKED")) {
    return "That code has been withdrawn by whoever gave it.";
  }
  if (error.is("TOO_MANY_ATTEMPTS")) {
    return `Too many wrong codes. Try again in ${error.metadata.retryAfterSeconds} seconds.`;
  }
  return errorText(error);
}

/**
 * "Redeem a gift code": the credits arrive in the person's own account (the end-user token may
 * redeem only there); the balance card shows them as the journal changes. One idempotency key per
 * submitted code, so a double click or a retry after a lost answer redeems once.
 */
export function RedeemForm({ client, accountId }: { client: GiftsClient; accountId: string }) {
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const keys = useRef(new Map<string, string>());

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = code.trim();
    if (typed.length === 0 || busy) {
      return;
    }
    const key = keys.current.get(typed) ?? crypto.randomUUID();
    keys.current.set(typed, key);
    setBusy(true);
    setMessage(undefined);
    try {
      const response = await redeemGiftCode(client, typed, { accountId, idempotencyKey: key });
      setMessage({ ok: true, text: `Redeemed: ${credits(response.redeemed)} credits added.` });
      setCode("");
    } catch (caught) {
      setMessage({ ok: false, text: refusalText(CreditsError.from(caught)) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card redeem">
      <h2>Redeem a gift code</h2>
      <form onSubmit={submit}>
        <input
          data-testid="gift-code"
          aria-label="Gift code"
          placeholder="XXXX-XXXX-XXXX-XXXX-X"
          autoComplete="off"
          spellCheck={false}
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
        <button type="submit" data-testid="redeem" disabled={busy || code.trim().length === 0}>
          Redeem
        </button>
      </form>
      {message && (
        <p className={message.ok ? "notice" : "notice notice-error"} data-testid="redeem-result" aria-live="polite">
          {message.text}
        </p>
      )}
    </section>
  );
}
