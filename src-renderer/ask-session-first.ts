import { useSession } from './features/session/session-store';

// Imported first by main.tsx, so the question goes out (and the harness's WebSocket
// opens) while the browser is still evaluating React, the forms and their schemas; the
// gate's first render then usually has its answer. The only place the page first asks.
void useSession.getState().refresh();
