// A tiny product API whose routes cost credits (clients/examples/express). To run it against a local
// ledger, from the repository's root:
//
//   # 1. The ledger (Development: SQLite, gRPC on http://127.0.0.1:5080, dev key credits-dev-key),
//   #    with a price for the feature the /images route uses (`env`: bash takes no dot in a variable name):
//   env Ledger__Features__image.generate=5 dotnet run --project src/Credits.Server
//
//   # 2. The TypeScript client (generates its code from protos/), then this example:
//   (cd clients/typescript && npm install && npm run generate)
//   cd clients/examples/express && npm install
//   export CREDITS_LEDGER_URL=http://127.0.0.1:5080 CREDITS_API_KEY=credits-dev-key
//   npm run grant -- user:alice 12          # give alice 12 credits
//   npm start                               # listens on http://127.0.0.1:3000 (PORT to change)
//
//   # 3. Spend them (the demo sessions: alice-token is user:alice, bob-token user:bob):
//   curl -i -X POST localhost:3000/images -H 'authorization: Bearer alice-token' \
//        -H 'content-type: application/json' -d '{"prompt":"a cat"}'     # 200, Credits-Remaining: 7
//   curl -i -X POST localhost:3000/images -H 'authorization: Bearer bob-token'   # 402 problem+json
//
// Outside Development give the service its own key (`keys mint --scopes ledger:read,ledger:write`).
import { createCreditsServerClient } from "@credits/client/server";
import { createApp } from "./app";

const port = Number(process.env.PORT ?? 3000);
createApp(createCreditsServerClient()).listen(port, "127.0.0.1", () => {
  console.log(`Product API on http://127.0.0.1:${port} (ledger ${process.env.CREDITS_LEDGER_URL})`);
});
