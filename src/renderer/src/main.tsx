import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi, MissingApiError } from './api/getApi';
import { App } from './App';
import './styles.css';
import { applyInitialTheme } from './theme/themeStore';
import { warmLabelText } from './treemap/warmLabelText';

// Before the first paint: the system's colour set until the backend says which theme was saved.
applyInitialTheme();

const container = document.getElementById('root')!;
const root = createRoot(container);

let problem: string | null = null;
try {
  getApi();
} catch (err) {
  problem = err instanceof MissingApiError ? err.message : `Cannot reach the backend: ${String(err)}`;
}

root.render(
  <StrictMode>
    {problem ? (
      <div className="fatal" role="alert">
        <h1>Spoolscope</h1>
        <p>{problem}</p>
      </div>
    ) : (
      <App />
    )}
  </StrictMode>,
);

// While the app waits for its first scan: the treemap's label faces, so its first paint does not load them.
warmLabelText();
