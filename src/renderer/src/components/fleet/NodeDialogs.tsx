// Whichever node dialog is open.
import type { ReactElement } from 'react';
import { useNodeDialogStore } from '../../state/nodeDialogStore';
import { AddNodeDialog } from './AddNodeDialog';
import { HostKeyDialog } from './HostKeyDialog';
import { ImportSshConfigDialog } from './ImportSshConfigDialog';
import { PassphraseDialog } from './PassphraseDialog';

export function NodeDialogs(): ReactElement | null {
  const dialog = useNodeDialogStore((s) => s.dialog);
  switch (dialog.kind) {
    case 'add':
      return <AddNodeDialog />;
    case 'import':
      return <ImportSshConfigDialog />;
    case 'hostkey':
      return <HostKeyDialog key={dialog.name} name={dialog.name} />;
    case 'passphrase':
      return <PassphraseDialog key={dialog.name} name={dialog.name} />;
    default:
      return null;
  }
}
