// @vitest-environment happy-dom
// Find's box: Ctrl+F (or the desktop menu's Find, raised as FIND_REQUEST_EVENT) focuses it, what is typed is
// the view store's findText (which the treemap, its twin and the partition grid narrow to), and Escape
// clears it and gives the focus back to where it was.
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIND_REQUEST_EVENT } from '../../../src/shared/appCommands';
import { FindBox } from '../../../src/renderer/src/components/treemap/FindBox';
import { useViewStore } from '../../../src/renderer/src/state/viewStore';
import { nameMatches } from '../../../src/renderer/src/treemap/findFilter';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let reactRoot: ReactRoot;
let before: HTMLButtonElement;

const input = () => container.querySelector<HTMLInputElement>('[data-testid=find-input]')!;

beforeEach(() => {
  useViewStore.setState({ findText: '', findOpen: false, findFocusRequest: 0 });
  before = document.createElement('button');
  document.body.append(before);
  ({ host: container, root: reactRoot } = mountHost());
  act(() => reactRoot.render(createElement(FindBox, { matches: 3 })));
});

afterEach(() => {
  unmountHost({ host: container, root: reactRoot });
  before.remove();
});

describe('Find', () => {
  it('matches names containing the text, whatever the case; an empty text matches everything', () => {
    expect(nameMatches('segment-000042.log', 'SEGMENT-00004')).toBe(true);
    expect(nameMatches('app.log', 'segment')).toBe(false);
    expect(nameMatches('anything', '  ')).toBe(true);
  });

  it('takes the focus on Ctrl+F and on the menu\'s Find, and Escape clears it and gives the focus back', () => {
    before.focus();
    act(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', ctrlKey: true, bubbles: true, cancelable: true }));
    });
    expect(document.activeElement).toBe(input());
    act(() => {
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      set.call(input(), 'wal');
      input().dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(useViewStore.getState().findText).toBe('wal');
    expect(container.querySelector('[data-testid=find-count]')?.textContent).toBe('3 entries');
    act(() => {
      input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    });
    expect(useViewStore.getState().findText).toBe('');
    expect(document.activeElement).toBe(before);
    act(() => {
      window.dispatchEvent(new Event(FIND_REQUEST_EVENT));
    });
    expect(document.activeElement).toBe(input());
  });
});
