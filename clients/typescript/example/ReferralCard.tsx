import { useEffect, useState } from "react";
import { CreditsError } from "../src/errors";
import { type ReferralsClient, referralLink } from "../src/referrals";
import { errorText } from "./errorText";

/** Where a shared link lands: the product's sign-up page, which applies the `ref` code to the new account. */
export function signUpPage(origin: string): string {
  return new URL("/signup", origin).toString();
}

/**
 * "Invite a friend": the signed-in user's referral code (created on first ask, the same ever after)
 * as a link to the sign-up page, with a copy button. The code is asked for once per account; a
 * refusal is shown as text, and the rest of the page works without it.
 */
export function ReferralCard({ client, accountId }: { client: ReferralsClient; accountId: string }) {
  const [link, setLink] = useState<string | undefined>();
  const [code, setCode] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [copied, setCopied] = useState<boolean | undefined>();

  useEffect(() => {
    const abort = new AbortController();
    client
      .getReferralCode({ accountId }, { signal: abort.signal })
      .then((response) => {
        setCode(response.code);
        setLink(referralLink(signUpPage(window.location.origin), response.code));
      })
      .catch((caught: unknown) => {
        if (!abort.signal.aborted) {
          setFailure(errorText(CreditsError.from(caught)));
        }
      });
    return () => abort.abort();
  }, [client, accountId]);

  async function copy() {
    if (!link) {
      return;
    }
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a denied permission): the link is on screen to copy by hand.
      setCopied(false);
    }
  }

  return (
    <section className="card referral">
      <h2>Invite a friend</h2>
      {failure && (
        <p className="notice notice-error" data-testid="referral-error">
          {failure}
        </p>
      )}
      {!failure && !link && <p className="muted">Loading your referral link…</p>}
      {link && (
        <>
          <p className="muted">
            Your code <code data-testid="referral-code">{code}</code>: share this link, and you both get credits when your friend
            makes a first purchase.
          </p>
          <div className="referral-link">
            <input data-testid="referral-link" aria-label="Referral link" readOnly value={link} onFocus={(event) => event.target.select()} />
            <button type="button" data-testid="referral-copy" onClick={copy}>
              Copy link
            </button>
          </div>
          {copied !== undefined && (
            <p className={copied ? "notice notice-success" : "notice notice-error"} data-testid="referral-copied" aria-live="polite">
              {copied ? "Link copied." : "Could not copy: select the link and copy it yourself."}
            </p>
          )}
        </>
      )}
    </section>
  );
}
