// The one node dialog that may be open: add a node, import ~/.ssh/config, a host key to review, a
// passphrase to enter. Access dialogs open only on the user's action on that node (opening it, or its
// state badge), never because a fleet refresh met fifty unknown keys at once.
import { create } from 'zustand';
import type { NodeInfo } from '../../../shared/nodeModels';

export type NodeDialog =
  | { kind: 'none' }
  | { kind: 'add' }
  | { kind: 'import' }
  | { kind: 'hostkey'; name: string }
  | { kind: 'passphrase'; name: string };

interface NodeDialogState {
  dialog: NodeDialog;
  open(dialog: NodeDialog): void;
  close(): void;
  /** Opens the dialog the node's state asks for; false when its state needs none. */
  askFor(info: NodeInfo): boolean;
}

export const useNodeDialogStore = create<NodeDialogState>()((set) => ({
  dialog: { kind: 'none' },
  open(dialog) {
    set({ dialog });
  },
  close() {
    set({ dialog: { kind: 'none' } });
  },
  askFor(info) {
    if (info.state === 'hostkey_unknown' || info.state === 'hostkey_changed') {
      set({ dialog: { kind: 'hostkey', name: info.name } });
      return true;
    }
    if (info.state === 'passphrase_needed') {
      set({ dialog: { kind: 'passphrase', name: info.name } });
      return true;
    }
    return false;
  },
}));
