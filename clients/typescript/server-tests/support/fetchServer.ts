import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/**
 * A Fetch-API handler served by node:http the way Next.js serves an App Router route on Node: the
 * Request's signal aborts when the client's connection closes before the response is finished.
 * `handled` holds one promise per request, settled when the handler has returned.
 */
export class FetchServer {
  readonly handled: Promise<Response>[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(handler: (request: Request, context: unknown) => Promise<Response>): Promise<FetchServer> {
    let self: FetchServer | undefined;
    const server = createServer((req, res) => {
      const done = serve(handler, req, res);
      self?.handled.push(done);
      done.catch(() => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    self = new FetchServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function serve(handler: (request: Request, context: unknown) => Promise<Response>, req: IncomingMessage, res: ServerResponse): Promise<Response> {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) {
      controller.abort();
    }
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") {
      headers.set(name, value);
    }
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
  try {
    const response = await handler(request, { params: Promise.resolve({}) });
    if (!res.destroyed) {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    }
    return response;
  } catch (error) {
    if (!res.destroyed) {
      res.writeHead(500).end();
    }
    throw error;
  }
}
