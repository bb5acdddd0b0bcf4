// App settings in the state store: the theme (saved by the backend, since serve's port and so the browser's
// storage change each run) and the desktop window's bounds; kept across a reopen, unreadable rows read as
// unset, and a store from before the table gets it by migration.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../../../src/main/store/stateStore';
import { STORE_FILE } from '../../../src/main/store/db';
import { applyMigrations, migrations, SCHEMA_VERSIONS } from '../../../src/main/store/migrations';
import { settingsHandlers } from '../../../src/main/handlers/settings';
import { createEventHub } from '../../../src/main/rpc/eventHub';
import { contract } from '../../../src/shared/contract';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spoolscope-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ctx = { frontDoor: 'websocket' as const };

describe('settings repository', () => {
  it('reads "system" until a theme is saved, then the saved one, also after a reopen', () => {
    const first = openStateStore({ dataDir: dir });
    expect(first.settings.theme()).toBe('system');
    expect(first.settings.setTheme('light')).toBe('light');
    expect(first.settings.theme()).toBe('light');
    first.close();
    const second = openStateStore({ dataDir: dir });
    try {
      expect(second.settings.theme()).toBe('light');
      second.settings.setTheme('dark');
      expect(second.settings.theme()).toBe('dark');
    } finally {
      second.close();
    }
  });

  it('refuses a theme that is not one of system, light, dark', () => {
    const store = openStateStore({ dataDir: dir });
    try {
      expect(() => store.settings.setTheme('sepia' as never)).toThrow();
      expect(store.settings.theme()).toBe('system');
    } finally {
      store.close();
    }
  });

  it('keeps the window bounds, and reads a row it cannot parse (another version wrote it) as unset', () => {
    const store = openStateStore({ dataDir: dir });
    const bounds = { x: -1200, y: 40, width: 1440, height: 900, maximized: false };
    try {
      expect(store.settings.windowBounds()).toBeNull();
      store.settings.setWindowBounds(bounds);
      expect(store.settings.windowBounds()).toEqual(bounds);
      expect(() => store.settings.setWindowBounds({ ...bounds, width: 0 })).toThrow();
    } finally {
      store.close();
    }
    const db = new Database(join(dir, STORE_FILE));
    db.prepare("UPDATE app_settings SET value = '{\"w\":1' WHERE key = 'window.bounds'").run();
    db.prepare("INSERT OR REPLACE INTO app_settings (key, value, updated_at) VALUES ('theme', '\"sepia\"', 1)").run();
    db.close();
    const again = openStateStore({ dataDir: dir });
    try {
      expect(again.settings.windowBounds()).toBeNull();
      expect(again.settings.theme()).toBe('system');
    } finally {
      again.close();
    }
  });

  it('a store from before app settings gets the table by migration, its other rows kept', () => {
    mkdirSync(join(dir, 'older'), { recursive: true });
    const db = new Database(join(dir, 'older', STORE_FILE));
    applyMigrations(db, migrations.filter((m) => m.version < SCHEMA_VERSIONS.appSettings));
    db.prepare("INSERT INTO roots (node, path, added_at) VALUES ('local', '/srv/kept', 1)").run();
    db.close();
    const store = openStateStore({ dataDir: join(dir, 'older') });
    try {
      expect(store.roots.list('local').map((r) => r.path)).toContain('/srv/kept');
      expect(store.settings.theme()).toBe('system');
      store.settings.setTheme('dark');
      expect(store.settings.theme()).toBe('dark');
    } finally {
      store.close();
    }
  });
});

describe('settings.theme handlers', () => {
  it('saves the theme and tells every window through a settings.theme event', async () => {
    const store = openStateStore({ dataDir: dir });
    const events = createEventHub();
    const heard: unknown[] = [];
    events.listen((name, payload) => heard.push([name, payload]));
    try {
      const h = settingsHandlers({ store, events });
      expect(await h['settings.theme.get']({}, ctx)).toEqual({ theme: 'system' });
      const request = contract['settings.theme.set'].request.parse({ theme: 'light' });
      expect(await h['settings.theme.set'](request, ctx)).toEqual({ theme: 'light' });
      expect(heard).toEqual([['settings.theme', { theme: 'light' }]]);
      expect(await h['settings.theme.get']({}, ctx)).toEqual({ theme: 'light' });
      expect(contract['settings.theme.set'].request.safeParse({ theme: 'sepia' }).success).toBe(false);
    } finally {
      store.close();
    }
  });
});
