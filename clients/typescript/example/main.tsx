import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PurchasePage } from "./PurchasePage";
import { loadSession } from "./session";
import { UsagePage } from "./UsagePage";
import "./styles.css";

const root = document.getElementById("root");
if (!root) {
  throw new Error("index.html has no #root");
}
createRoot(root).render(
  <StrictMode>
    {/* Two pages, one bundle: ?view=usage is the usage page, anything else the purchase page. */}
    {new URLSearchParams(window.location.search).get("view") === "usage" ? (
      <UsagePage session={loadSession(window.location, window.sessionStorage)} />
    ) : (
      <PurchasePage session={loadSession(window.location, window.sessionStorage)} />
    )}
  </StrictMode>,
);
