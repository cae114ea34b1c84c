import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { CreditsError } from "../src/errors";
import { LedgerService } from "../src/gen/credits/v1/ledger_service_pb";
import { BadRequestSchema, ErrorInfoSchema } from "../src/gen/google/rpc/error_details_pb";

function errorInfo(reason: string, metadata: Record<string, string> = {}, domain = "credits.v1") {
  return { desc: ErrorInfoSchema, value: create(ErrorInfoSchema, { reason, domain, metadata }) };
}

describe("CreditsError", () => {
  it("carries the code, reason and metadata of the ErrorInfo the server sent", () => {
    const sent = new ConnectError("Only 5 credits are available.", Code.FailedPrecondition, undefined, [
      errorInfo("INSUFFICIENT_CREDITS", { available: "5", requested: "30" }),
    ]);

    const error = CreditsError.from(sent);

    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.reason).toBe("INSUFFICIENT_CREDITS");
    expect(error.metadata).toEqual({ available: "5", requested: "30" });
    expect(error.message).toBe("Only 5 credits are available.");
    expect(error.cause).toBe(sent);
  });

  it("narrows the metadata to the reason's fields with is()", () => {
    const error = CreditsError.from(
      new ConnectError("", Code.FailedPrecondition, undefined, [errorInfo("INSUFFICIENT_CREDITS", { available: "5", requested: "30" })]),
    );

    expect(error.is("PACK_NOT_FOUND")).toBe(false);
    if (!error.is("INSUFFICIENT_CREDITS")) {
      throw new Error("expected INSUFFICIENT_CREDITS");
    }
    // Type-checked: metadata.available exists for this reason.
    expect(BigInt(error.metadata.available)).toBe(5n);
  });

  it("lists the fields a bad request got wrong", () => {
    const error = CreditsError.from(
      new ConnectError("account_id is required.", Code.InvalidArgument, undefined, [
        errorInfo("INVALID_REQUEST", { field: "account_id" }),
        { desc: BadRequestSchema, value: create(BadRequestSchema, { fieldViolations: [{ field: "account_id", description: "account_id is required." }] }) },
      ]),
    );

    expect(error.fieldViolations).toEqual([{ field: "account_id", description: "account_id is required." }]);
  });

  it("ignores an ErrorInfo of another domain", () => {
    const error = CreditsError.from(new ConnectError("", Code.Internal, undefined, [errorInfo("SOMETHING", {}, "proxy.example.com")]));

    expect(error.reason).toBe("");
  });

  it("turns a failure that never reached the server into an error with no reason that may be retried", () => {
    const error = CreditsError.from(new TypeError("Failed to fetch"));

    expect(error.reason).toBe("");
    expect(error.isRetryable).toBe(true);
  });

  it("tells an expired token apart from a denied account", () => {
    const expired = CreditsError.from(new ConnectError("", Code.Unauthenticated, undefined, [errorInfo("TOKEN_EXPIRED", { expiredAt: "2026-01-01T00:00:00Z" })]));
    const denied = CreditsError.from(new ConnectError("", Code.PermissionDenied, undefined, [errorInfo("TOKEN_ACCOUNT_DENIED", { accountId: "user:2" })]));

    expect([expired.isUnauthenticated, expired.isPermissionDenied]).toEqual([true, false]);
    expect([denied.isUnauthenticated, denied.isPermissionDenied]).toEqual([false, true]);
  });

  it("survives the trip through a transport: details are encoded and decoded by type name", async () => {
    const transport = createRouterTransport(({ service }) => {
      service(LedgerService, {
        listPacks: () => {
          throw new ConnectError("Stripe is unreachable.", Code.Unavailable, undefined, [errorInfo("STRIPE_UNAVAILABLE")]);
        },
      });
    });

    const failure = await createClient(LedgerService, transport).listPacks({}).catch((caught: unknown) => CreditsError.from(caught));

    expect(failure).toBeInstanceOf(CreditsError);
    expect((failure as CreditsError).reason).toBe("STRIPE_UNAVAILABLE");
    expect((failure as CreditsError).isRetryable).toBe(true);
  });
});
