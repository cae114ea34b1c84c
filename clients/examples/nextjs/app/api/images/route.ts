// Next.js route handlers priced in one line with withCredits (clients/typescript's
// "@credits/client/server"). Run them against a local ledger (the comment at the top of
// clients/examples/express/server.ts shows how to start one with the price of image.generate and
// grant credits), from this folder:
//
//   (cd ../../typescript && npm install && npm run generate) && npm install && npm run build
//   CREDITS_LEDGER_URL=http://127.0.0.1:5080 CREDITS_API_KEY=credits-dev-key npm start
//   curl -i -X POST localhost:3000/api/images -H 'authorization: Bearer alice-token' -d '{"prompt":"a cat"}'
import { withCredits } from "@/lib/credits";

export const POST = withCredits({ feature: "image.generate" }, async (request) => {
  const { prompt } = (await request.json().catch(() => ({}))) as { prompt?: string };
  return Response.json({ prompt: prompt ?? "", url: "https://images.example.com/1.png" });
});
