import './ask-session-first';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionGate } from './features/session/SessionGate';
import { useSession } from './features/session/session-store';
import type * as AppModule from './app/App';
import './styles/app.css';

// The sign-in screen paints from the small first chunk. The workstation itself (every
// screen, the grid, the tables) starts loading once the gate has had the main process's
// answer, so its half a megabyte of script is not parsed while the gate waits for that
// answer; it is still ready by the time someone has typed a password.
let loadingApp: Promise<typeof AppModule> | undefined;
const loadApp = () => (loadingApp ??= import('./app/App'));
const App = lazy(() => loadApp().then(({ App }) => ({ default: App })));
const stopWaiting = useSession.subscribe(({ session, problem }) => {
  if (!session && !problem) return;
  stopWaiting();
  // After the gate's screen has painted: a timer from the next frame.
  requestAnimationFrame(() => setTimeout(() => void loadApp()));
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionGate>
      <Suspense fallback={<p aria-busy="true">Opening CareDesk…</p>}>
        <App />
      </Suspense>
    </SessionGate>
  </StrictMode>,
);
