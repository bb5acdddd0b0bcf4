// Desktop notifications for fired alerts (Electron only; serve shows the in-app banner). The alert machine
// already fires once per episode; this adds a cap per minute so a fleet-wide event cannot flood the
// desktop: past it, notifications are counted and the next one that may show says how many were held back.
import type { NotificationConstructorOptions } from 'electron';
import type { EventHub } from '../rpc/eventHub';
import type { AlertEvent } from '../../shared/watchModels';
import { LOCAL_NODE } from '../../shared/nodeNames';

/** The part of Electron's Notification class used here (a test passes a fake). */
export interface NotificationClass {
  new (options: NotificationConstructorOptions): { show(): void };
  isSupported(): boolean;
}

export const MAX_NOTIFICATIONS_PER_MINUTE = 5;

export interface AlertNotifierOptions {
  /** Per node: the alert settings' `notify`. */
  enabled: (node: string) => boolean;
  now?: () => number;
  maxPerMinute?: number;
}

export function alertNotificationText(e: AlertEvent, heldBack: number): { title: string; body: string } {
  const where = e.node === LOCAL_NODE ? '' : ` on ${e.node}`;
  const title = `${e.severity === 'critical' ? 'Critical' : 'Warning'}${where}: ${e.subject}`;
  const more = heldBack > 0 ? ` (+${heldBack} more alert${heldBack === 1 ? '' : 's'} in Spoolscope)` : '';
  return { title, body: `${e.message}${more}` };
}

/** Subscribes to alert events; returns the unsubscribe. */
export function registerAlertNotifications(Notification: NotificationClass, events: EventHub, opts: AlertNotifierOptions): () => void {
  if (!Notification.isSupported()) return () => undefined;
  const now = opts.now ?? Date.now;
  const max = opts.maxPerMinute ?? MAX_NOTIFICATIONS_PER_MINUTE;
  const shown: number[] = [];
  let heldBack = 0;
  return events.listen((event, payload) => {
    if (event !== 'alerts.event') return;
    const e = payload as AlertEvent;
    if (e.transition !== 'fire' || !opts.enabled(e.node)) return;
    const t = now();
    while (shown.length > 0 && t - shown[0] >= 60_000) shown.shift();
    if (shown.length >= max) {
      heldBack++;
      return;
    }
    shown.push(t);
    const text = alertNotificationText(e, heldBack);
    heldBack = 0;
    new Notification({ ...text, urgency: e.severity === 'critical' ? 'critical' : 'normal' }).show();
  });
}
