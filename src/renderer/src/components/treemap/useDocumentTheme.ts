// The theme the page is drawn in, for what CSS cannot colour (the treemap's canvas): the `data-theme`
// attribute of <html> (set by the theme switch), watched so a switch repaints at once. Dark without it,
// as the stylesheet is.
import { useEffect, useState } from 'react';
import type { Theme } from '../../treemap/palette';

export function documentTheme(): Theme {
  return document.documentElement.dataset.theme === 'light' ? 'light' : 'dark';
}

export function useDocumentTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(documentTheme);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(documentTheme()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    setTheme(documentTheme());
    return () => observer.disconnect();
  }, []);
  return theme;
}
