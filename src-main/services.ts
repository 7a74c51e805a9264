import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Contract } from '../src-shared/ipc/contract';
import type { SessionUser } from '../src-shared/session/contract';
import type { HandlersFor } from './ipc/handler';
import { createRouter, type Router } from './ipc/router';
import { patientHandlers } from './patients/handlers';
import { PatientService } from './patients/service';
import { sessionHandlers } from './session/handlers';
import { SessionService } from './session/session';
import { Store } from './store/store';

export interface CareDeskOptions {
  dataDir: string;
  key: Buffer;
  /** Origins the transport may accept calls from (`app://caredesk`, the harness URL). */
  trustedOrigins: readonly string[];
}

export interface CareDesk {
  store: Store;
  session: SessionService;
  patients: PatientService;
  router: Router;
  close(): void;
}

export const DATABASE_FILE = 'caredesk.db';

/**
 * The composition root: the same services for the desktop app, the harness and the
 * tests. Nothing here knows which home it runs in.
 */
export function startCareDesk({ dataDir, key, trustedOrigins }: CareDeskOptions): CareDesk {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = Store.open({ path: join(dataDir, DATABASE_FILE), key });
  const session = new SessionService();
  const patients = new PatientService(store);
  const handlers: HandlersFor<Contract> = {
    ...sessionHandlers(),
    ...patientHandlers(patients),
  };
  const router = createRouter({ store, handlers, session: () => session.current(), trustedOrigins });
  session.open(workstationOperator());
  return { store, session, patients, router, close: () => store.close() };
}

/** Until sign-in lands, the operator is the OS account at the keyboard, as a coordinator. */
function workstationOperator(): SessionUser {
  const name = userInfo().username;
  return { userId: `os:${name}`, username: name, displayName: name, role: 'coordinator' };
}
