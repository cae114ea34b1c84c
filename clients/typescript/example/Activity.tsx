import { useCreditHistory } from "../src/react/useCreditHistory";
import { errorText } from "./errorText";
import { credits, entryLabel, when } from "./format";

// Entries shown, newest first.
const SHOWN_ENTRIES = 8;

/** Recent changes to the account, read page by page and then live. */
export function Activity({ accountId }: { accountId: string }) {
  const { entries, hasMore, loadMore, loading, error } = useCreditHistory(accountId, { pageSize: 100 });
  const newest = [...entries].reverse().slice(0, SHOWN_ENTRIES);
  return (
    <section className="card">
      <h2>Recent activity</h2>
      {error && <p className="notice notice-error">{errorText(error)}</p>}
      {!loading && entries.length === 0 && <p className="muted">Nothing yet.</p>}
      <ul className="activity" data-testid="activity">
        {newest.map((entry) => (
          <li key={String(entry.sequence)}>
            <span>{entryLabel(entry)}</span>
            <span className={entry.amount < 0n ? "amount negative" : "amount"}>
              {entry.amount > 0n ? "+" : ""}
              {credits(entry.amount)}
            </span>
            <span className="muted">{when(entry.createdAt)}</span>
          </li>
        ))}
      </ul>
      {hasMore && (
        <button type="button" className="secondary" onClick={loadMore} disabled={loading}>
          Catch up with newer entries
        </button>
      )}
    </section>
  );
}
