import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionGate } from './features/session/SessionGate';
import './styles/app.css';

// The sign-in screen paints from the small first chunk; the workstation itself (every
// screen, the grid, the tables) loads alongside it and is ready by the time someone
// has typed a password.
const loadingApp = import('./app/App');
const App = lazy(() => loadingApp.then(({ App }) => ({ default: App })));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionGate>
      <Suspense fallback={<p aria-busy="true">Opening CareDesk…</p>}>
        <App />
      </Suspense>
    </SessionGate>
  </StrictMode>,
);
