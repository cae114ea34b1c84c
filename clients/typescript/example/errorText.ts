import type { CreditsError } from "../src/errors";

/** What to tell a person about a failed call: matched on the reason, never on the message. */
export function errorText(error: CreditsError): string {
  if (error.is("TOKEN_EXPIRED") || error.is("TOKEN_INVALID")) {
    return "Your session has expired. Reload the page to continue.";
  }
  if (error.isPermissionDenied) {
    return "This page may not show that account.";
  }
  if (error.is("PACK_NOT_FOUND")) {
    return "That pack is no longer on sale.";
  }
  if (error.is("OFFER_NOT_AVAILABLE")) {
    return error.metadata.why === "ended" ? "That offer has ended." : "That offer is not available to you.";
  }
  if (error.isRetryable) {
    return "The credits service cannot be reached right now. Please try again in a moment.";
  }
  return error.message || "Something went wrong.";
}
