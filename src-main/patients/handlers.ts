import type { patientChannels } from '../../src-shared/patients/contract';
import type { HandlersFor } from '../ipc/handler';
import type { PatientService } from './service';

export function patientHandlers(patients: PatientService): HandlersFor<typeof patientChannels> {
  return {
    'patients.create': (input, { actor }) => patients.create(input, actor),
    'patients.get': (input) => patients.get(input.id),
    'patients.search': (input) => patients.search(input.query, input.limit),
  };
}
