import type { Fetch } from '../../src-main/sync/hub-client';
import type { SyncEngine } from '../../src-main/sync/engine';
import type { Intake } from '../../src-shared/patients/intake';
import type { Actor } from '../../src-main/store/store';
import { freshCareDesk, type TestCareDesk } from './store';
import type { Clinic, TestHub } from './hub';

/**
 * The wire between one workstation and the hub, under the test's control: cut it,
 * or let the hub commit and then lose its answer.
 */
export class Network {
  online = true;
  /** Answers still to lose: the request reaches the hub, the response never comes back. */
  loseAnswers = 0;
  readonly fetch: Fetch = async (input, init) => {
    if (!this.online) throw new TypeError('fetch failed (network cut by the test)');
    const response = await fetch(input, init);
    const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
    if (this.loseAnswers > 0 && path !== '/v1/notices') {
      this.loseAnswers--;
      await response.arrayBuffer();
      throw new TypeError('fetch failed (connection reset after the hub answered)');
    }
    return response;
  };
}

export type TestWorkstation = TestCareDesk & { sync: SyncEngine; network: Network; actor: Actor };

/** A workstation with its own encrypted store, enrolled with the clinic's hub and signed in. */
export async function enrolledWorkstation(
  hub: TestHub,
  clinic: Clinic,
  name: string,
  options: { background?: boolean } = {},
): Promise<TestWorkstation> {
  const network = new Network();
  const app = freshCareDesk({
    hubUrl: hub.url,
    hubFetch: network.fetch,
    syncInBackground: options.background ?? false,
  });
  const sync = app.sync!;
  await sync.enroll(await clinic.enrollmentCode(), name);
  const account = await sync.signIn(clinic.username, clinic.password);
  return { ...app, sync, network, actor: { userId: account.id } };
}

/** Edits a patient's intake the way the chart's form does: read, change, save. */
export function editPatient(ws: TestWorkstation, id: string, change: (intake: Intake) => void) {
  const { intake } = ws.patients.get(id);
  change(intake);
  return ws.patients.update(id, intake, ws.actor);
}
