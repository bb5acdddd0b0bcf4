// A React root on a fresh <div> in the document, for the renderer's component tests: mounted in a
// beforeEach, unmounted and removed in the afterEach, so no test sees another's DOM.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';

export interface ReactHost {
  host: HTMLDivElement;
  root: Root;
}

export function mountHost(): ReactHost {
  const host = document.createElement('div');
  document.body.append(host);
  return { host, root: createRoot(host) };
}

export function unmountHost({ host, root }: ReactHost): void {
  act(() => root.unmount());
  host.remove();
}
