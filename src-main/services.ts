import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Contract } from '../src-shared/ipc/contract';
import type { HandlersFor } from './ipc/handler';
import { createRouter, type Router } from './ipc/router';
import { callHandlers } from './calls/handlers';
import { CallService } from './calls/service';
import { EventBus } from './ipc/event-bus';
import { patientHandlers } from './patients/handlers';
import { PatientService } from './patients/service';
import { auditHandlers } from './audit/handlers';
import { AccountService } from './session/accounts';
import { bootstrapAdmin, BOOTSTRAP_VARIABLE } from './session/bootstrap';
import { sessionHandlers, userHandlers } from './session/handlers';
import { systemIdleClock, type IdleClock } from './session/idle-clock';
import { DEFAULT_SCRYPT_COST } from './session/password';
import { SessionService } from './session/session';
import type { ScryptCost } from '../src-shared/session/verifier';
import { Store } from './store/store';
import { watchStoreHealth, type StoreHealthWatch } from './store/health';
import { storeHandlers } from './store/handlers';
import { SyncEngine } from './sync/engine';
import { featureAppliers } from './sync/feature-appliers';
import { syncHandlers } from './sync/handlers';
import { rebookRefused } from './sync/rebook';
import { policyHandlers } from './policy/handlers';
import { PolicyService } from './policy/policy-service';
import type { Fetch } from './sync/hub-client';
import { taskHandlers } from './tasks/handlers';
import { scheduleHandlers } from './schedule/handlers';
import { ScheduleService } from './schedule/service';
import { worklistVisitTasks } from './schedule/worklist-tasks';
import { TaskService } from './tasks/service';

export interface CareDeskOptions {
  dataDir: string;
  key: Buffer;
  /** Origins the transport may accept calls from (`app://caredesk`, the harness URL). */
  trustedOrigins: readonly string[];
  /** `username:password` of the first admin, made only while no account exists (CAREDESK_BOOTSTRAP_ADMIN). */
  bootstrapAdmin?: string | undefined;
  /** Minutes of no activity before the session locks; by default the policy's value as last loaded. */
  idleLockMinutes?: () => number;
  /** Tests pass a fake clock to move time by hand. */
  idleClock?: IdleClock;
  /** Cost of new password verifiers; tests use the accepted minimum to stay quick. */
  scryptCost?: ScryptCost;
  /** The clinic sync hub; without one the workstation works alone (CAREDESK_HUB_URL in the harness). */
  hubUrl?: string | undefined;
  /** Tests cut a workstation off the hub, or lose its answers, through this. */
  hubFetch?: Fetch;
  /** IT policy and user settings; by default machine policy plus `<dataDir>/settings.json`. */
  policy?: PolicyService;
  /** Sync in the background from the start (default); tests may drive it by hand instead. */
  syncInBackground?: boolean;
}

export interface CareDesk {
  store: Store;
  /** The background integrity check of the store (decision 0324). */
  health: StoreHealthWatch;
  session: SessionService;
  accounts: AccountService;
  patients: PatientService;
  calls: CallService;
  tasks: TaskService;
  schedule: ScheduleService;
  /** Pushed to the page by whichever transport is attached. */
  events: EventBus;
  router: Router;
  /** Null when no hub is configured. */
  sync: SyncEngine | null;
  close(): void;
}

export const DATABASE_FILE = 'caredesk.db';

/**
 * The composition root: the same services for the desktop app, the harness and the
 * tests. Nothing here knows which home it runs in.
 */
export function startCareDesk(options: CareDeskOptions): CareDesk {
  const { dataDir, key, trustedOrigins, scryptCost = DEFAULT_SCRYPT_COST } = options;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DATABASE_FILE);
  // A large store opens at once; every page is read in the background (decision 0324).
  const store = Store.open({ path, key, integrity: 'deferred' });
  const events = new EventBus();
  const health = watchStoreHealth(store, path, key, (h) => events.emit('store.health', h));
  const clock = options.idleClock ?? systemIdleClock;
  const accounts = new AccountService(store, scryptCost, () => clock.now());
  // Every IPC call waits for the first admin's verifier (derived off the main thread).
  let ready: Promise<unknown>;
  try {
    ready = bootstrapAdmin(
      accounts,
      options.bootstrapAdmin ?? process.env[BOOTSTRAP_VARIABLE],
      scryptCost,
      () => store.sqlite.open,
    );
  } catch (error) {
    health.stop();
    store.close();
    throw error;
  }
  const policy = options.policy ?? PolicyService.forUserData(dataDir);
  // Nobody is signed in at start: every non-public channel waits for sign-in.
  const session = new SessionService({
    store,
    accounts,
    events,
    clock,
    // Read at every idle check, so a change on the settings screen applies within a minute.
    idleLockMinutes: options.idleLockMinutes ?? (() => policy.current().values.idleLockMinutes),
    cost: scryptCost,
    // Signed in here while the hub is reachable: sync as this person from now on. Offline,
    // the workstation keeps working and syncs after the next sign-in that reaches the hub.
    onSignedIn: (username, password) => void sync?.signIn(username, password).catch(() => undefined),
  });
  const patients = new PatientService(store);
  const calls = new CallService(store);
  const tasks = new TaskService(store);
  const visitTasks = worklistVisitTasks(store);
  const schedule = new ScheduleService(store, visitTasks);
  const appliers = featureAppliers({ setupChanged: () => schedule.setupChanged() });
  const sync: SyncEngine | null = options.hubUrl
    ? new SyncEngine({
        store,
        hubUrl: options.hubUrl,
        appliers,
        fetch: options.hubFetch,
        onStatus: (status) => events.emit('sync.status', status),
        onAccounts: (roster) => {
          // Someone IT disabled at the hub is signed out here at once, even mid-session.
          for (const userId of accounts.applyHubRoster(roster)) session.refresh(userId, 'users.disable');
        },
        onBookingRefused: (tx, refused) => rebookRefused(accounts, visitTasks, tx, refused),
      })
    : null;
  const handlers: HandlersFor<Contract> = {
    ...sessionHandlers(session),
    ...userHandlers(accounts, session),
    ...auditHandlers(store),
    ...patientHandlers(patients),
    ...callHandlers(calls),
    ...taskHandlers(tasks),
    ...scheduleHandlers(schedule),
    ...syncHandlers(store, sync, appliers),
    ...policyHandlers(policy, store),
    ...storeHandlers(health),
  };
  const routed = createRouter({ store, handlers, session: () => session.current(), trustedOrigins });
  // After a call that may have written, the engine pushes soon if the outbox grew.
  const router: Router = async (channel, input, sender) => {
    await ready;
    const result = await routed(channel, input, sender);
    sync?.nudge();
    return result;
  };
  if (sync && options.syncInBackground !== false) sync.start();
  const close = () => {
    health.stop();
    void sync?.stop();
    session.dispose();
    store.close();
  };
  return { sync, store, health, session, accounts, patients, calls, tasks, schedule, events, router, close };
}
