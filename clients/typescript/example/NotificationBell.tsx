import { useState } from "react";
import { type Notification, NotificationKind } from "../src/gen/credits/v1/notification_service_pb";
import { useNotifications } from "../src/react/useNotifications";
import { errorText } from "./errorText";
import { credits, when } from "./format";

/** What a notification says to the person, with what to do about it. */
export function notificationText(notification: Notification): string {
  switch (notification.kind) {
    case NotificationKind.LOW_BALANCE:
      return `Low balance: ${credits(notification.balance)} credits left, ${notification.thresholdPercent}% of the ${credits(notification.topUpBalance)} you had after your last top-up. Buy more below.`;
    case NotificationKind.DEPLETED:
      return "You are out of credits. Buy a pack below to carry on.";
    case NotificationKind.CREDITS_EXPIRING: {
      const lost = notification.amount - notification.rolloverAmount;
      const kept = notification.rolloverAmount > 0n ? ` ${credits(notification.rolloverAmount)} carry over; ${credits(lost)} will be lost.` : "";
      return `${credits(notification.amount)} credits expire on ${when(notification.expiresAt)}: use them before then.${kept}`;
    }
    case NotificationKind.RUN_OUT_FORECAST:
      return `At your recent pace your ${credits(notification.balance)} credits run out around ${when(notification.runOutTime)}. Buy a pack below before then.`;
    default:
      return "Something changed on your account.";
  }
}

/** A bell with the unread count; opening it lists the notifications (newest first) and marks them read. */
export function NotificationBell({ accountId }: { accountId: string }) {
  const { notifications, unread, error, markAllRead } = useNotifications(accountId);
  const [open, setOpen] = useState(false);
  const newestFirst = [...notifications].reverse();
  return (
    <div className="bell">
      <button
        type="button"
        className="bell-button"
        data-testid="bell"
        aria-expanded={open}
        aria-label={unread === 1 ? "1 unread notification" : `${unread} unread notifications`}
        onClick={() => setOpen(!open)}
      >
        {/* Drawn, not an emoji: headless and minimal systems often lack an emoji font. */}
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="bell-count">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell-panel" role="dialog" aria-label="Notifications">
          {newestFirst.length === 0 ? (
            <p className="muted">No notifications yet.</p>
          ) : (
            <ul>
              {newestFirst.map((notification) => (
                <li key={String(notification.sequence)} className={notification.read ? "read" : "unread"} data-testid="notification">
                  <p>{notificationText(notification)}</p>
                  <p className="muted">{when(notification.createTime)}</p>
                  {notification.purchaseUrl && (
                    <a href={notification.purchaseUrl} data-testid="buy-pack">
                      Buy {notification.suggestedPackId}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          )}
          {unread > 0 && (
            <button type="button" className="link-button" data-testid="mark-read" onClick={() => void markAllRead()}>
              Mark all read
            </button>
          )}
          {error && <p className="notice notice-error">{errorText(error)}</p>}
        </div>
      )}
    </div>
  );
}
