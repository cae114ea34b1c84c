import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PurchasePage } from "./PurchasePage";
import { loadSession } from "./session";
import "./styles.css";

const root = document.getElementById("root");
if (!root) {
  throw new Error("index.html has no #root");
}
createRoot(root).render(
  <StrictMode>
    <PurchasePage session={loadSession(window.location, window.sessionStorage)} />
  </StrictMode>,
);
