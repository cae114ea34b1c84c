import { type Client, createClient, type Transport } from "@connectrpc/connect";
import type { CreditsError } from "./errors";
import { followStream } from "./follow";
import { type Notification, type NotificationPreferences, NotificationService } from "./gen/credits/v1/notification_service_pb";

/** The generated client of `credits.v1.NotificationService`. */
export type NotificationsClient = Client<typeof NotificationService>;

/** A client over `transport` (the same one as {@link createCreditsClient}'s; an end-user token reads its own account). */
export function createNotificationsClient(transport: Transport): NotificationsClient {
  return createClient(NotificationService, transport);
}

export interface FollowNotificationsOptions {
  /** Deliver notifications after this sequence (0: every one, past then live). */
  afterSequence?: bigint;
  /** Ends the follow. */
  signal: AbortSignal;
  /** Called with each notification, in order, exactly once even across reconnects. */
  onNotification: (notification: Notification) => void;
  /** Called with every failure; the follower reconnects after those it can recover from. */
  onError?: (error: CreditsError, willRetry: boolean) => void;
  /** Called when a reconnected stream delivers again, to clear a shown error. */
  onRecovered?: () => void;
}

/**
 * An account's notifications (StreamNotifications): the ones already written, then each new one as
 * the change that causes it commits, resuming after the last one delivered when the stream breaks.
 * Resolves when `signal` aborts or a permanent error (such as an expired token) ends it.
 */
export function followNotifications(client: NotificationsClient, accountId: string, options: FollowNotificationsOptions): Promise<void> {
  return followStream(
    async function* (afterSequence, signal) {
      for await (const response of client.streamNotifications({ accountId, afterSequence }, { signal })) {
        yield response.notification;
      }
    },
    (notification) => notification.sequence,
    { ...options, onItem: options.onNotification },
  );
}

/** The account's notification preferences as in force (the defaults until set). */
export async function getNotificationPreferences(client: NotificationsClient, accountId: string): Promise<NotificationPreferences> {
  const response = await client.getNotificationPreferences({ accountId });
  if (!response.preferences) {
    throw new Error(`GetNotificationPreferences for ${accountId} answered without preferences.`);
  }
  return response.preferences;
}

/** The account's locale, a BCP 47 tag such as `de-DE` (its e-mails' language and formats); "" when none is set (English). */
export async function getNotificationLocale(client: NotificationsClient, accountId: string): Promise<string> {
  return (await getNotificationPreferences(client, accountId)).locale;
}

/**
 * Sets the account's locale ("" clears it) and returns the preferences as stored. An update replaces
 * every preference, so this reads them first and sends them back with only the locale changed (a
 * concurrent change of another preference between the two calls is overwritten: last write wins).
 * A tag that is not BCP 47 fails INVALID_ARGUMENT `INVALID_REQUEST` naming `preferences.locale`.
 * `idempotencyKey` makes a retry return the first answer; a fresh one is drawn when omitted.
 */
export async function setNotificationLocale(
  client: NotificationsClient,
  accountId: string,
  locale: string,
  idempotencyKey: string = crypto.randomUUID(),
): Promise<NotificationPreferences> {
  const current = await getNotificationPreferences(client, accountId);
  const response = await client.updateNotificationPreferences({ accountId, preferences: { ...current, locale }, idempotencyKey });
  if (!response.preferences) {
    throw new Error(`UpdateNotificationPreferences for ${accountId} answered without preferences.`);
  }
  return response.preferences;
}
