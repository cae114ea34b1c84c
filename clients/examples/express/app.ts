import express from "express";
import { chargeOf, type CreditsClient, createRequireCredits } from "@credits/client/server";
import { accountOf, authenticate } from "./auth";

/**
 * The product API: two priced routes and a free one. Prices live in the ledger's catalogue
 * (`Ledger:Features`), so changing what an image costs needs no deploy of this service.
 */
export function createApp(client: CreditsClient, purchaseUrl = process.env.PURCHASE_URL ?? "http://127.0.0.1:5173/#buy") {
  const requireCredits = createRequireCredits({ client, account: accountOf, purchaseUrl });
  const app = express();
  app.use(express.json());
  app.use(authenticate);

  // The whole price of "image.generate" (per the catalogue) once the image is made.
  app.post("/images", requireCredits({ feature: "image.generate" }), (req, res) => {
    res.json({ prompt: req.body?.prompt ?? "", url: "https://images.example.com/1.png" });
  });

  // Up to 5 credits are held; the route charges what the work took, one credit per 100 characters.
  app.post("/summaries", requireCredits({ credits: 5 }), (req, res) => {
    const text = String(req.body?.text ?? "");
    chargeOf(res)?.use(Math.min(5, Math.max(1, Math.ceil(text.length / 100))));
    res.json({ summary: text.slice(0, 80) });
  });

  // Free: what the signed-in account has left.
  app.get("/balance", async (req, res) => {
    const { balance } = await client.getBalance({ accountId: accountOf(req) ?? "" });
    res.json({ available: Number(balance?.available ?? 0n) });
  });

  return app;
}
