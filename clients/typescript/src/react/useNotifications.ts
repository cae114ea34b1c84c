import { createContext, createElement, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { CreditsError } from "../errors";
import type { Notification } from "../gen/credits/v1/notification_service_pb";
import { followNotifications, type NotificationsClient } from "../notifications";

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
  const client = useContext(NotificationsClientContext);
  if (!client) {
    throw new Error("useNotifications needs a <NotificationsProvider client={...}> above it.");
  }
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
