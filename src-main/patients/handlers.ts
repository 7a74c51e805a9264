import type { patientChannels } from '../../src-shared/patients/contract';
import type { HandlersFor } from '../ipc/handler';
import type { PatientService } from './service';

export function patientHandlers(patients: PatientService): HandlersFor<typeof patientChannels> {
  const { drafts } = patients;
  return {
    'patients.create': (input, { actor }) => patients.create(input, actor),
    'patients.intake': (input, { actor }) => {
      const patient = patients.intake(input, actor);
      // The intake is saved; its draft has done its job.
      drafts.discard('new', actor);
      return patient;
    },
    'patients.update': (input, { actor }) => {
      const patient = patients.update(input.id, input.intake, actor);
      drafts.discard(input.id, actor);
      return patient;
    },
    'patients.get': (input) => patients.get(input.id),
    'patients.search': (input) => patients.search(input.query, input.limit),
    'patients.duplicates': (input) => patients.duplicates(input.intake),
    'patients.merge': (input, { actor }) => patients.merge(input, actor),
    'patients.unmerge': (input, { actor }) => patients.unmerge(input.mergeId, actor),
    'drafts.save': (input, { actor }) => drafts.save(input.subject, input.data, actor),
    'drafts.get': (input, { actor }) => drafts.get(input.subject, actor),
    'drafts.discard': (input, { actor }) => drafts.discard(input.subject, actor),
  };
}
