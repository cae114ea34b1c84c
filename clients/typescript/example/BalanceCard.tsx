import { useCredits } from "../src/react/useCredits";
import { errorText } from "./errorText";
import { credits, when } from "./format";

/** The account's balance, updated live as the journal changes (a purchase landing, credits spent). */
export function BalanceCard({ accountId }: { accountId: string }) {
  const { balance, loading, error } = useCredits(accountId);
  return (
    <section className="card balance" aria-live="polite">
      <h2>Your balance</h2>
      {loading ? (
        <p className="muted">Loading…</p>
      ) : (
        <p className="balance-amount">
          <span data-testid="balance">{credits(balance?.available ?? 0n)}</span> credits
        </p>
      )}
      {balance && balance.held > 0n && <p className="muted">{credits(balance.held)} reserved by work in progress</p>}
      {balance?.nextExpiry && (
        <p className="muted">
          {credits(balance.nextExpiry.amount)} expire on {when(balance.nextExpiry.expiresAt)}
        </p>
      )}
      {error && (
        <p className="notice notice-error" data-testid="balance-error">
          {errorText(error)}
        </p>
      )}
    </section>
  );
}
