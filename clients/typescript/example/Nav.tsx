/** The example's pages. Plain links: the session is kept in sessionStorage, so a page load keeps it. */
export function Nav({ current }: { current: "purchase" | "usage" | "operator" | "pool" }) {
  return (
    <nav className="tabs" aria-label="Pages">
      <a href="./" aria-current={current === "purchase" ? "page" : undefined} data-testid="nav-purchase">
        Buy credits
      </a>
      <a href="./?view=usage" aria-current={current === "usage" ? "page" : undefined} data-testid="nav-usage">
        Usage
      </a>
      <a href="./?view=operator" aria-current={current === "operator" ? "page" : undefined} data-testid="nav-operator">
        Operators
      </a>
    </nav>
  );
}
