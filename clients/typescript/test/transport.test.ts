import { create, toBinary } from "@bufbuild/protobuf";
import { createClient, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { createCreditsClient } from "../src/client";
import { GetBalanceResponseSchema, LedgerService } from "../src/gen/credits/v1/ledger_service_pb";
import { bearer, createCreditsTransport } from "../src/transport";

/** One gRPC-Web frame: a flag byte, a 4-byte big-endian length, the payload. */
function frame(flag: number, payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(5 + payload.length);
  bytes[0] = flag;
  new DataView(bytes.buffer).setUint32(1, payload.length);
  bytes.set(payload, 5);
  return bytes;
}

describe("createCreditsTransport", () => {
  it("calls the ledger with gRPC-Web, binary protobuf and the bearer token", async () => {
    const seen: { url: string; headers: Headers }[] = [];
    const reply = create(GetBalanceResponseSchema, { balance: { accountId: "user:1", available: 42n } });
    const fakeFetch: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), headers: new Headers(init?.headers) });
      const body = new Uint8Array([
        ...frame(0x00, toBinary(GetBalanceResponseSchema, reply)),
        ...frame(0x80, new TextEncoder().encode("grpc-status: 0\r\n")),
      ]);
      return new Response(body, { status: 200, headers: { "content-type": "application/grpc-web+proto" } });
    };
    const client = createCreditsClient(createCreditsTransport({ baseUrl: "https://credits.example.com", token: "token-1", fetch: fakeFetch }));

    const response = await client.getBalance({ accountId: "user:1" });

    expect(response.balance?.available).toBe(42n);
    expect(seen[0]?.url).toBe("https://credits.example.com/credits.v1.LedgerService/GetBalance");
    expect(seen[0]?.headers.get("content-type")).toBe("application/grpc-web+proto");
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer token-1");
  });
});

describe("bearer", () => {
  it("asks for the token on every call, so a refreshed token is used at once", async () => {
    const tokens = ["first", "second"];
    const received: (string | null)[] = [];
    const transport = createRouterTransport(
      ({ service }) => {
        service(LedgerService, {
          listPacks: (_request, context) => {
            received.push(context.requestHeader.get("authorization"));
            return {};
          },
        });
      },
      { transport: { interceptors: [bearer(async () => tokens.shift() ?? "none")] } },
    );
    const client = createClient(LedgerService, transport);

    await client.listPacks({});
    await client.listPacks({});

    expect(received).toEqual(["Bearer first", "Bearer second"]);
  });
});
