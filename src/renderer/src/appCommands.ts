// Desktop menu commands (the app.command event) become DOM events on window, the names in
// shared/appCommands.ts, so the component that owns a feature hooks its event and knows nothing of menus.
// Rescan is handled here: the node view scans its root again, the fleet screen refreshes every node.
import { FIND_REQUEST_EVENT, RESCAN_REQUEST_EVENT, type AppCommand } from '../../shared/appCommands';
import { getApi } from './api/getApi';
import { useFleetStore } from './state/fleetStore';
import { useNavStore } from './state/navStore';
import { useNodeStore } from './state/nodeStore';
import { useScanStore } from './state/scanStore';

const DOM_EVENT: Record<AppCommand, string> = { find: FIND_REQUEST_EVENT, rescan: RESCAN_REQUEST_EVENT };

export function rescanCurrentView(): void {
  const screen = useNavStore.getState().screen;
  if (screen === 'fleet') {
    void useFleetStore.getState().refresh();
    return;
  }
  // An import on screen is not this node's scan: the menu's Rescan is off as the button is.
  if (screen !== 'node' || useScanStore.getState().imported) return;
  const root = useNodeStore.getState().selectedRoot ?? useScanStore.getState().root;
  if (root) void useScanStore.getState().start(root);
}

/** Forwards menu commands to window and handles Rescan; returns the function that stops both. */
export function listenForAppCommands(target: Window = window): () => void {
  const unsubscribe = getApi().api.subscribe('app.command', ({ command }) => {
    target.dispatchEvent(new Event(DOM_EVENT[command]));
  });
  const onRescan = () => rescanCurrentView();
  target.addEventListener(RESCAN_REQUEST_EVENT, onRescan);
  return () => {
    unsubscribe();
    target.removeEventListener(RESCAN_REQUEST_EVENT, onRescan);
  };
}
