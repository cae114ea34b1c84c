import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import {
  GetNotificationPreferencesResponseSchema,
  type NotificationPreferences,
  NotificationPreferencesSchema,
  NotificationService,
  UpdateNotificationPreferencesResponseSchema,
} from "../src/gen/credits/v1/notification_service_pb";
import { NotificationsProvider, useNotificationPreferences } from "../src/react/useNotifications";

/** The preferences one account has, kept as UpdateNotificationPreferences replaces them; refuses a tag with a space, as the server refuses what is not BCP 47. */
function fakeNotifications(stored: NotificationPreferences) {
  const transport = createRouterTransport(({ service }) => {
    service(NotificationService, {
      getNotificationPreferences: () => create(GetNotificationPreferencesResponseSchema, { preferences: stored }),
      updateNotificationPreferences: (request) => {
        if (request.preferences?.locale.includes(" ")) {
          throw new ConnectError("preferences.locale is not a BCP 47 tag", Code.InvalidArgument);
        }
        stored = create(NotificationPreferencesSchema, request.preferences);
        return create(UpdateNotificationPreferencesResponseSchema, { preferences: stored });
      },
    });
  });
  const client = createClient(NotificationService, transport);
  return {
    stored: () => stored,
    wrapper: ({ children }: { children: ReactNode }) => <NotificationsProvider client={client}>{children}</NotificationsProvider>,
  };
}

describe("useNotificationPreferences", () => {
  it("reads the locale and sets it, sending the other preferences back unchanged", async () => {
    const fake = fakeNotifications(create(NotificationPreferencesSchema, { lowBalanceThresholds: [30], inApp: true, email: true, emailAddress: "ada@example.com" }));
    const { result } = renderHook(() => useNotificationPreferences("user:1"), { wrapper: fake.wrapper });
    await waitFor(() => expect(result.current.preferences).toBeDefined());
    expect(result.current.locale).toBe("");

    await act(() => result.current.setLocale("de-DE"));

    expect(result.current.locale).toBe("de-DE");
    const stored = fake.stored();
    expect([stored.locale, stored.lowBalanceThresholds, stored.inApp, stored.email, stored.emailAddress]).toEqual(["de-DE", [30], true, true, "ada@example.com"]);
  });

  it("reports a refused tag as a typed error and keeps the locale", async () => {
    const fake = fakeNotifications(create(NotificationPreferencesSchema, { inApp: true, locale: "en-GB" }));
    const { result } = renderHook(() => useNotificationPreferences("user:1"), { wrapper: fake.wrapper });
    await waitFor(() => expect(result.current.locale).toBe("en-GB"));

    await act(() => result.current.setLocale("not a tag"));

    expect(result.current.error?.code).toBe(Code.InvalidArgument);
    expect([result.current.locale, fake.stored().locale]).toEqual(["en-GB", "en-GB"]);
  });
});
