import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { CreditsError } from "../src/errors";
import { type ApplyReferralCodeRequest, ApplyReferralCodeResponseSchema, ReferralService } from "../src/gen/credits/v1/referral_service_pb";
import { ErrorInfoSchema } from "../src/gen/google/rpc/error_details_pb";
import { applyReferralCode, createReferralsClient, referralLink } from "../src/referrals";

describe("referrals", () => {
  it("puts the code in the sign-up link's ref parameter, keeping the page's own parameters", () => {
    expect(referralLink("https://shop.example.com/signup?plan=pro", "7K2M-Q9XD-4HPT")).toBe(
      "https://shop.example.com/signup?plan=pro&ref=7K2M-Q9XD-4HPT",
    );
  });

  it("applies the code as typed for the referee with a key, and reports a second referrer's refusal", async () => {
    const seen: ApplyReferralCodeRequest[] = [];
    const transport = createRouterTransport(({ service }) => {
      service(ReferralService, {
        applyReferralCode: (request) => {
          seen.push(request);
          if (seen.length > 1) {
            throw new ConnectError("user:bob was referred already.", Code.FailedPrecondition, undefined, [
              {
                desc: ErrorInfoSchema,
                value: create(ErrorInfoSchema, { reason: "ALREADY_REFERRED", domain: "credits.v1", metadata: { refereeAccountId: "user:bob" } }),
              },
            ]);
          }
          return create(ApplyReferralCodeResponseSchema, { referrerAccountId: "user:ann" });
        },
      });
    });
    const client = createReferralsClient(transport);

    const applied = await applyReferralCode(client, "7k2m q9xd 4hpt", { refereeAccountId: "user:bob" });
    const failure = await applyReferralCode(client, "ZZZZ-ZZZZ-ZZZZ", { refereeAccountId: "user:bob", idempotencyKey: "k" }).catch(
      (caught: unknown) => CreditsError.from(caught),
    );

    expect(applied.referrerAccountId).toBe("user:ann");
    expect(seen[0]?.code).toBe("7k2m q9xd 4hpt");
    expect(seen[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    if (!(failure instanceof CreditsError) || !failure.is("ALREADY_REFERRED")) {
      throw new Error("expected ALREADY_REFERRED");
    }
    expect(failure.metadata.refereeAccountId).toBe("user:bob");
  });
});
