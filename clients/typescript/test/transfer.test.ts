import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { createCreditsClient } from "../src/client";
import { CreditsError } from "../src/errors";
import { LedgerService, TransferResponseSchema } from "../src/gen/credits/v1/ledger_service_pb";
import { BalanceSchema } from "../src/gen/credits/v1/types_pb";
import { ErrorInfoSchema } from "../src/gen/google/rpc/error_details_pb";

describe("transfer", () => {
  it("sends the request and returns what moved with the sender's balance", async () => {
    const transport = createRouterTransport(({ service }) => {
      service(LedgerService, {
        transfer: (request) =>
          create(TransferResponseSchema, {
            moved: request.amount,
            fromBalance: create(BalanceSchema, { accountId: request.fromAccountId, available: 30n }),
          }),
      });
    });

    const response = await createCreditsClient(transport).transfer({
      fromAccountId: "user:alice",
      toAccountId: "user:bob",
      amount: 20n,
      idempotencyKey: "gift-1",
      note: "thanks",
    });

    expect(response.moved).toBe(20n);
    expect(response.fromBalance?.available).toBe(30n);
    expect(response.toBalance).toBeUndefined();
  });

  it("reports the daily limit with its figures", async () => {
    const transport = createRouterTransport(({ service }) => {
      service(LedgerService, {
        transfer: () => {
          throw new ConnectError("Transfer limit exceeded.", Code.ResourceExhausted, undefined, [
            {
              desc: ErrorInfoSchema,
              value: create(ErrorInfoSchema, {
                reason: "TRANSFER_LIMIT_EXCEEDED",
                domain: "credits.v1",
                metadata: { limit: "100", used: "90", requested: "11" },
              }),
            },
          ]);
        },
      });
    });

    const failure = await createCreditsClient(transport)
      .transfer({ fromAccountId: "user:alice", toAccountId: "user:bob", amount: 11n, idempotencyKey: "gift-2" })
      .catch((caught: unknown) => CreditsError.from(caught));

    if (!(failure instanceof CreditsError) || !failure.is("TRANSFER_LIMIT_EXCEEDED")) {
      throw new Error("expected TRANSFER_LIMIT_EXCEEDED");
    }
    expect(failure.code).toBe(Code.ResourceExhausted);
    expect(BigInt(failure.metadata.limit) - BigInt(failure.metadata.used)).toBe(10n);
  });
});
