import { createContext, createElement, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { CreditsError } from "../errors";
import type { Notification, NotificationPreferences } from "../gen/credits/v1/notification_service_pb";
import { followNotifications, getNotificationPreferences, type NotificationsClient, setNotificationLocale } from "../notifications";

const NotificationsClientContext = createContext<NotificationsClient | null>(null);

/** Makes a notifications client available to {@link useNotifications} below it. */
export function NotificationsProvider({ client, children }: { client: NotificationsClient; children: ReactNode }) {
  return createElement(NotificationsClientContext.Provider, { value: client }, children);
}

export interface NotificationsState {
  /** Every notification of the account, oldest first; new ones are appended as they happen. */
  notifications: Notification[];
  /** How many are not marked read. */
  unread: number;
  /** The last failure, cleared when the stream delivers again. */
  error: CreditsError | undefined;
  /** Marks every notification up to the newest read (on the server, then here). */
  markAllRead: () => Promise<void>;
}

/**
 * The account's notifications, past then live (StreamNotifications), for a bell: a commit that
 * crosses a low-balance threshold shows up without polling or a reload.
 */
export function useNotifications(accountId: string): NotificationsState {
  const client = useNotificationsClient("useNotifications");
  const [notifications, setNotifications] = useState<Notification[]>([]);
  const [error, setError] = useState<CreditsError | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    setNotifications([]);
    setError(undefined);
    void followNotifications(client, accountId, {
      signal: controller.signal,
      onNotification: (notification) => {
        setNotifications((previous) => [...previous, notification]);
        setError(undefined);
      },
      onError: (failure) => setError(failure),
      onRecovered: () => setError(undefined),
    });
    return () => controller.abort();
  }, [client, accountId]);

  const markAllRead = useCallback(async () => {
    const newest = notifications.at(-1);
    if (!newest) {
      return;
    }
    try {
      await client.markNotificationsRead({ accountId, upToSequence: newest.sequence });
      setNotifications((previous) =>
        previous.map((notification) => (notification.sequence <= newest.sequence ? { ...notification, read: true } : notification)),
      );
    } catch (failure) {
      setError(CreditsError.from(failure));
    }
  }, [client, accountId, notifications]);

  return { notifications, unread: notifications.filter((notification) => !notification.read).length, error, markAllRead };
}

export interface NotificationPreferencesState {
  /** The preferences in force, undefined until read. */
  preferences: NotificationPreferences | undefined;
  /** The account's locale (BCP 47, such as `de-DE`): its e-mails' language; "" when none is set or not read yet. */
  locale: string;
  /** The last failure (a refused tag is INVALID_REQUEST naming `preferences.locale`), cleared by the next success. */
  error: CreditsError | undefined;
  /** Sets the locale ("" clears it), keeping every other preference; resolves when stored. */
  setLocale: (locale: string) => Promise<void>;
}

/** The account's notification preferences, read once, and its locale to show and change (a language picker). */
export function useNotificationPreferences(accountId: string): NotificationPreferencesState {
  const client = useNotificationsClient("useNotificationPreferences");
  const [preferences, setPreferences] = useState<NotificationPreferences | undefined>();
  const [error, setError] = useState<CreditsError | undefined>();

  useEffect(() => {
    let current = true;
    setPreferences(undefined);
    setError(undefined);
    getNotificationPreferences(client, accountId).then(
      (read) => current && setPreferences(read),
      (failure: unknown) => current && setError(CreditsError.from(failure)),
    );
    return () => {
      current = false;
    };
  }, [client, accountId]);

  const setLocale = useCallback(
    async (locale: string) => {
      try {
        setPreferences(await setNotificationLocale(client, accountId, locale));
        setError(undefined);
      } catch (failure) {
        setError(CreditsError.from(failure));
      }
    },
    [client, accountId],
  );

  return { preferences, locale: preferences?.locale ?? "", error, setLocale };
}

function useNotificationsClient(hook: string): NotificationsClient {
  const client = useContext(NotificationsClientContext);
  if (!client) {
    throw new Error(`${hook} needs a <NotificationsProvider client={...}> above it.`);
  }
  return client;
}
