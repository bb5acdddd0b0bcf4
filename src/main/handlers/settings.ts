// settings.theme.*: the window's theme, saved by the backend so it holds across serve's changing ports; a
// change is pushed to every window (and, in Electron, to the native theme) as a settings.theme event.
import type { Handlers } from '../rpc/dispatcher';
import type { EventHub } from '../rpc/eventHub';
import type { StateStore } from '../store/stateStore';

export interface SettingsHandlerDeps {
  store: Pick<StateStore, 'settings'>;
  events: Pick<EventHub, 'emit'>;
}

export function settingsHandlers({ store, events }: SettingsHandlerDeps): Pick<Handlers, 'settings.theme.get' | 'settings.theme.set'> {
  return {
    'settings.theme.get': () => ({ theme: store.settings.theme() }),
    'settings.theme.set': ({ theme }) => {
      const saved = store.settings.setTheme(theme);
      events.emit('settings.theme', { theme: saved });
      return { theme: saved };
    },
  };
}
