import type { CareDesk } from '../services';
import { seedDemoClinic } from '../schedule/demo-seed';

/** `CAREDESK_DEMO_SEED=schedule`: the harness opens on a demo clinic (providers, hours, visits), once per data folder. */
export const DEMO_SEED_VARIABLE = 'CAREDESK_DEMO_SEED';

export function seedDemoIfAsked(app: CareDesk, env: NodeJS.ProcessEnv = process.env): void {
  const asked = env[DEMO_SEED_VARIABLE];
  if (!asked) return;
  // `schedule:N` seeds N providers (the grid's benchmark uses 100).
  const providers = Number(asked.split(':')[1] ?? 8);
  const seeded = seedDemoClinic(app.store, {
    providers,
    perProviderPerDay: providers > 20 ? 30 : 4,
    createPatient: (p) => app.patients.create(p, { userId: 'system:demo-seed' }).id,
  });
  if (seeded) app.schedule.setupChanged();
}
