// The Node-only entry point, "@credits/client/server": the gRPC (HTTP/2) transport with an API key
// and the framework integrations. The browser entry point ("@credits/client") never imports this
// folder, so bundles for the browser never pull in node:http2.
export {
  createCreditsServerClient,
  createCreditsServerTransport,
  DEFAULT_CALL_TIMEOUT_MS,
  type CreditsServerClientOptions,
} from "./client";
export { CreditsError, type KnownReason, type ReasonMetadata } from "../errors";
export { type CreditsClient } from "../client";
export { Charge, type SettleResult, type Settlement } from "./charge";
export { type Price } from "./price";
export { type CreditsFailure, type CreditsOptions } from "./options";
export { CREDITS_REMAINING_HEADER, PROBLEM_CONTENT_TYPE, type Problem, type ProblemBody } from "./problem";
export {
  CLIENT_CLOSED_REQUEST,
  createWithCredits,
  withCredits,
  type PaidRouteHandler,
  type RouteHandler,
  type WithCreditsOptions,
} from "./withCredits";
export {
  CHARGE_LOCAL,
  chargeOf,
  createRequireCredits,
  requireCredits,
  type CreditsResponse,
  type RequireCreditsOptions,
} from "./requireCredits";
// The generated messages and enums (Bucket, EntryKind, ...), so server code needs no browser import.
export * from "../gen/credits/v1/types_pb";
export * from "../gen/credits/v1/ledger_service_pb";
