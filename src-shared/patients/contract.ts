import { CARE_TEAM } from '../roles';
import { defineChannel } from '../ipc/channel';
import {
  newPatientSchema,
  patientIdSchema,
  patientSchema,
  patientSearchResultSchema,
  patientSearchSchema,
} from './schemas';
import { z } from 'zod';

export const patientChannels = {
  'patients.create': defineChannel({
    name: 'patients.create',
    input: newPatientSchema,
    output: patientSchema,
    phi: 'write',
    audit: 'create',
    roles: CARE_TEAM,
    auditPatients: (_input, patient) => [patient.id],
  }),
  'patients.get': defineChannel({
    name: 'patients.get',
    input: z.strictObject({ id: patientIdSchema }),
    output: patientSchema,
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (input) => [input.id],
  }),
  'patients.search': defineChannel({
    name: 'patients.search',
    input: patientSearchSchema,
    output: patientSearchResultSchema,
    phi: 'read',
    audit: 'search',
    roles: CARE_TEAM,
    auditPatients: (_input, found) => found.map((p) => p.id),
  }),
};
