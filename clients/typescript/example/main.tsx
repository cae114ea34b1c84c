import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PurchasePage } from "./PurchasePage";
import { loadSession } from "./session";
import { OperatorPage } from "./OperatorPage";
import { PoolPage } from "./PoolPage";
import { UsagePage } from "./UsagePage";
import "./styles.css";

const root = document.getElementById("root");
if (!root) {
  throw new Error("index.html has no #root");
}
const search = new URLSearchParams(window.location.search);
const view = search.get("view");
createRoot(root).render(
  <StrictMode>
    {/* Four pages, one bundle: ?view=usage, ?view=pool&pool=org:..., ?view=operator (an admin key, no token), else the purchase page. */}
    {view === "operator" ? (
      <OperatorPage />
    ) : view === "pool" ? (
      <PoolPage session={loadSession(window.location, window.sessionStorage)} poolAccountId={search.get("pool") ?? ""} />
    ) : view === "usage" ? (
      <UsagePage session={loadSession(window.location, window.sessionStorage)} />
    ) : (
      <PurchasePage session={loadSession(window.location, window.sessionStorage)} />
    )}
  </StrictMode>,
);
