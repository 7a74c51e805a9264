/**
 * Child process of name-index.test.ts: saves one patient on the store in
 * CAREDESK_TEST_DIR, prints the patient's id and kills itself with SIGKILL at once,
 * the moment the save has committed, before the name index could catch up (its idle
 * catch-up waits for a later turn of the event loop, which never comes).
 */
import { writeSync } from 'node:fs';
import { intakeSchema } from '../../src-shared/patients/intake';
import { childCareDesk } from '../support/child-care-desk';
import { minimalIntake } from './fixtures';

const app = childCareDesk();
const intake = intakeSchema.parse(minimalIntake('Wilhelmina', 'Okonkwo-Baptiste', '03/14/1962', '6175550142'));
const patient = app.patients.intake({ intake }, { userId: 'killed-after-save' });
writeSync(1, `${patient.id}\n`);
process.kill(process.pid, 'SIGKILL');
