import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { CreditsError } from "../src/errors";
import { GiftService, type RedeemGiftCodeRequest, RedeemGiftCodeResponseSchema } from "../src/gen/credits/v1/gift_service_pb";
import { BalanceSchema } from "../src/gen/credits/v1/types_pb";
import { ErrorInfoSchema } from "../src/gen/google/rpc/error_details_pb";
import { createGiftsClient, redeemGiftCode } from "../src/gifts";

describe("redeemGiftCode", () => {
  it("sends the code as typed with the account and a key, and returns what arrived", async () => {
    const seen: RedeemGiftCodeRequest[] = [];
    const transport = createRouterTransport(({ service }) => {
      service(GiftService, {
        redeemGiftCode: (request) => {
          seen.push(request);
          return create(RedeemGiftCodeResponseSchema, {
            codeId: "gift_1",
            redeemed: 25n,
            balance: create(BalanceSchema, { accountId: request.accountId, available: 25n }),
          });
        },
      });
    });

    const response = await redeemGiftCode(createGiftsClient(transport), "7k2m q9xd 0f3a pv1r h", { accountId: "user:alice" });
    await redeemGiftCode(createGiftsClient(transport), "7K2M-Q9XD-0F3A-PV1R-H", { accountId: "user:alice", idempotencyKey: "form-1" });

    expect(response.redeemed).toBe(25n);
    expect(response.balance?.available).toBe(25n);
    expect(seen[0]?.code).toBe("7k2m q9xd 0f3a pv1r h");
    expect(seen[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]?.idempotencyKey).toBe("form-1");
  });

  it("reports an already redeemed code with its id", async () => {
    const transport = createRouterTransport(({ service }) => {
      service(GiftService, {
        redeemGiftCode: () => {
          throw new ConnectError("Gift code gift_1 is redeemed.", Code.FailedPrecondition, undefined, [
            {
              desc: ErrorInfoSchema,
              value: create(ErrorInfoSchema, { reason: "GIFT_CODE_REDEEMED", domain: "credits.v1", metadata: { codeId: "gift_1", state: "redeemed" } }),
            },
          ]);
        },
      });
    });

    const failure = await redeemGiftCode(createGiftsClient(transport), "7K2M-Q9XD-0F3A-PV1R-H", { accountId: "user:alice" }).catch((caught: unknown) =>
      CreditsError.from(caught),
    );

    if (!(failure instanceof CreditsError) || !failure.is("GIFT_CODE_REDEEMED")) {
      throw new Error("expected GIFT_CODE_REDEEMED");
    }
    expect(failure.metadata.codeId).toBe("gift_1");
  });
});
