import type { Suggestion } from "../src/analytics";
import { useSuggestions } from "../src/react/useAnalytics";
import { errorText } from "./errorText";
import { credits, price } from "./format";

function saving(suggestion: Suggestion): string {
  if (suggestion.savingAmount > 0n) {
    return `save ${price(suggestion.savingAmount, suggestion.currency)}`;
  }
  return suggestion.savingCredits > 0n ? `save ${credits(suggestion.savingCredits)} credits` : "";
}

/** Cost advice, money savings first, each with what it saves. */
export function SuggestionsCard({ accountId }: { accountId: string }) {
  const { data: suggestions, error } = useSuggestions(accountId);
  return (
    <section className="card">
      <h2>Ways to spend less</h2>
      {error && (
        <p className="notice notice-error" data-testid="suggestions-error">
          {errorText(error)}
        </p>
      )}
      {!suggestions && !error && <p className="muted">Loading suggestions…</p>}
      {suggestions?.length === 0 && (
        <p className="muted" data-testid="suggestions-empty">
          Nothing to suggest: your credits are well spent.
        </p>
      )}
      {suggestions && suggestions.length > 0 && (
        <ul className="suggestions" data-testid="suggestions">
          {suggestions.map((suggestion, index) => (
            <li key={`${suggestion.kind}-${index}`} data-kind={suggestion.kind}>
              <span>{suggestion.message}</span>
              <strong className="saving">{saving(suggestion)}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
