// A product's webhook endpoint, as the notification webhook specs need one: it verifies every
// POST /hook with the Standard Webhooks authors' library (the secret in WEBHOOK_SECRET), answers
// 400 to a bad or stale signature, 500 while "failing" and 204 otherwise, and counts the deliveries
// by webhook-id so a spec sees duplicates. GET /state returns what it saw; POST /fail and POST /ok
// switch it. Listens on 127.0.0.1 at the port given as the first argument, and prints "listening"
// once it does.
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

const port = Number(process.argv[2]);
const verifier = new Webhook(process.env.WEBHOOK_SECRET);
let failing = process.argv[3] === "failing";
const counts = {};
const bodies = {};
let rejected = 0;
let refusedWhileFailing = 0;

function reply(response, status, body) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(body === undefined ? "" : JSON.stringify(body));
}

createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const payload = Buffer.concat(chunks).toString("utf8");
    if (request.method === "GET" && request.url === "/state") {
      return reply(response, 200, { counts, bodies, rejected, refusedWhileFailing, failing });
    }
    if (request.method === "POST" && (request.url === "/fail" || request.url === "/ok")) {
      failing = request.url === "/fail";
      return reply(response, 204);
    }
    if (request.method !== "POST" || request.url !== "/hook") {
      return reply(response, 404);
    }
    if (failing) {
      refusedWhileFailing++;
      return reply(response, 500);
    }
    let event;
    try {
      event = verifier.verify(payload, request.headers);
    } catch (error) {
      rejected++;
      return reply(response, 400, { error: String(error.message ?? error) });
    }
    const id = request.headers["webhook-id"];
    counts[id] = (counts[id] ?? 0) + 1;
    bodies[id] = event;
    return reply(response, 204);
  });
}).listen(port, "127.0.0.1", () => console.log("listening"));
