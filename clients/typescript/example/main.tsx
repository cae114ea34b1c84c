import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PurchasePage } from "./PurchasePage";
import { loadSession } from "./session";
import { OperatorPage } from "./OperatorPage";
import { UsagePage } from "./UsagePage";
import "./styles.css";

const root = document.getElementById("root");
if (!root) {
  throw new Error("index.html has no #root");
}
const view = new URLSearchParams(window.location.search).get("view");
createRoot(root).render(
  <StrictMode>
    {/* Three pages, one bundle: ?view=usage, ?view=operator (an admin key, no token), else the purchase page. */}
    {view === "operator" ? (
      <OperatorPage />
    ) : view === "usage" ? (
      <UsagePage session={loadSession(window.location, window.sessionStorage)} />
    ) : (
      <PurchasePage session={loadSession(window.location, window.sessionStorage)} />
    )}
  </StrictMode>,
);
