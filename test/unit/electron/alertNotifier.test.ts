// Desktop notifications for fired alerts, against a fake Notification class: one per fired alert (clears
// are silent), none for a node with notifications off, and at most 5 a minute, the next one saying how
// many were held back.
import { describe, expect, it } from 'vitest';
import { registerAlertNotifications, type NotificationClass } from '../../../src/main/electron/alertNotifier';
import { createEventHub } from '../../../src/main/rpc/eventHub';
import type { AlertEvent } from '../../../src/shared/watchModels';

function fakeNotifications(supported = true) {
  const shown: { title: string; body: string; urgency?: string }[] = [];
  const Fake = class {
    static isSupported = () => supported;
    constructor(private readonly o: { title?: string; body?: string; urgency?: string }) {}
    show() {
      shown.push({ title: this.o.title ?? '', body: this.o.body ?? '', urgency: this.o.urgency });
    }
  } as unknown as NotificationClass;
  return { Fake, shown };
}

const alert = (over: Partial<AlertEvent> = {}): AlertEvent => ({
  key: 'local\0fill\0/var',
  kind: 'fill',
  node: 'local',
  subject: '/var',
  severity: 'critical',
  message: '/var is 93% full',
  since: 0,
  transition: 'fire',
  at: 0,
  ...over,
});

describe('alert notifications', () => {
  it('shows one notification per fired alert, none for clears or other events', () => {
    const hub = createEventHub();
    const { Fake, shown } = fakeNotifications();
    registerAlertNotifications(Fake, hub, { enabled: () => true });
    hub.emit('alerts.event', alert());
    hub.emit('alerts.event', alert({ transition: 'clear' }));
    hub.emit('alerts.event', alert({ node: 'db-7', severity: 'warn', kind: 'timeToFull', subject: '/data', message: '/data full in 6 h 10 min at the last 30 min\'s rate' }));
    expect(shown).toEqual([
      { title: 'Critical: /var', body: '/var is 93% full', urgency: 'critical' },
      { title: 'Warning on db-7: /data', body: "/data full in 6 h 10 min at the last 30 min's rate", urgency: 'normal' },
    ]);
  });

  it('stays quiet for nodes with notifications off, and where the desktop has none', () => {
    const hub = createEventHub();
    const { Fake, shown } = fakeNotifications();
    registerAlertNotifications(Fake, hub, { enabled: (node) => node !== 'quiet' });
    hub.emit('alerts.event', alert({ node: 'quiet' }));
    expect(shown).toEqual([]);
    const unsupported = fakeNotifications(false);
    registerAlertNotifications(unsupported.Fake, hub, { enabled: () => true });
    hub.emit('alerts.event', alert());
    expect(unsupported.shown).toEqual([]);
  });

  it('caps notifications per minute and says how many were held back', () => {
    const hub = createEventHub();
    const { Fake, shown } = fakeNotifications();
    let t = 0;
    registerAlertNotifications(Fake, hub, { enabled: () => true, now: () => t, maxPerMinute: 5 });
    for (let i = 0; i < 12; i++) hub.emit('alerts.event', alert({ subject: `/fs${i}`, key: `k${i}` }));
    expect(shown).toHaveLength(5);
    t = 61_000;
    hub.emit('alerts.event', alert({ subject: '/late', message: '/late is 95% full' }));
    expect(shown).toHaveLength(6);
    expect(shown[5].body).toBe('/late is 95% full (+7 more alerts in Spoolscope)');
  });
});
