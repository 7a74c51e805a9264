import { REVIEW_TABLE } from '../../src-shared/sync/review';
import { callLogAddenda, callLogEntries } from '../calls/table';
import { indexedName, NOTE_PATIENTS_OWED, PATIENT_OWED } from '../patients/name-index';
import {
  patientConsents,
  patientCoverages,
  patientDuplicateOverrides,
  patientFlaggedNeeds,
  patientMerges,
  patientPeople,
  patientPhones,
  patients,
  patientSocialNeedAnswers,
} from '../patients/table';
import { pulledAppointmentFields } from '../schedule/appointments';
import {
  appointments,
  appointmentTypes,
  availabilityTemplates,
  locations,
  providers,
  resources,
  scheduleExceptions,
  waitlistEntries,
} from '../schedule/table';
import { taskEvents, tasks } from '../tasks/table';
import { ApplierRegistry, statementCache, tableApplier, type SideIndex } from './appliers';
import { reviewItemApplier } from './review';

/**
 * The patients' name index (FTS5) as pulled rows keep it: the same entry replaceNameIndex
 * keeps (sharing the patient's rowid), written with prepared statements, since a first sync
 * brings a whole clinic's patients. A patient merged into another has none: search does not
 * list them.
 */
function patientNameIndex(statement: ReturnType<typeof statementCache>): SideIndex {
  return {
    entry: (row) => (row.mergedInto ? null : [row.id, indexedName(row as Parameters<typeof indexedName>[0])]),
    insert: 'INSERT INTO patients_fts (rowid, patient_id, name) VALUES (?, ?, ?)',
    // Pages on the page writer note their patients as owed; NAME_INDEX_BUILD indexes them when the pull ends (0168).
    owed: NOTE_PATIENTS_OWED,
    drop({ sqlite }, rowId, rowid) {
      const keyed =
        rowid === undefined
          ? statement(
              sqlite,
              'DELETE FROM patients_fts WHERE rowid = (SELECT rowid FROM patients WHERE id = ?) AND patient_id = ?',
            ).run(rowId, rowId)
          : statement(sqlite, 'DELETE FROM patients_fts WHERE rowid = ? AND patient_id = ?').run(rowid, rowId);
      // Only if the rowids ever drifted (see replaceNameIndex): a scan. Not for a patient still
      // owed its row (new in this pull, or saved here and not caught up): it has none to find.
      if (keyed.changes === 0 && statement(sqlite, PATIENT_OWED).get(rowId) === undefined)
        statement(sqlite, 'DELETE FROM patients_fts WHERE patient_id = ?').run(rowId);
    },
  };
}

/**
 * Where pulled rows of today's features land. A new synced table adds a line here
 * (and in src-shared/sync/tables.ts); a table missing here is parked, not lost.
 */
export function featureAppliers(hooks: { setupChanged?: () => void } = {}): ApplierRegistry {
  const statement = statementCache();
  // The schedule caches the clinic's set-up (and windows built from it): a pulled set-up row drops the cache.
  const setupApplier = (table: Parameters<typeof tableApplier>[0]) =>
    tableApplier(table, { afterUpsert: () => hooks.setupChanged?.(), beforeRemove: () => hooks.setupChanged?.() });
  return new ApplierRegistry()
    .register(
      'patients',
      // Search must find a patient who arrived from another workstation.
      tableApplier(patients, { sideIndex: patientNameIndex(statement) }),
    )
    .register('patient_phones', tableApplier(patientPhones))
    .register('patient_people', tableApplier(patientPeople))
    .register('patient_coverages', tableApplier(patientCoverages))
    .register('patient_consents', tableApplier(patientConsents))
    .register('patient_social_need_answers', tableApplier(patientSocialNeedAnswers))
    .register('patient_flagged_needs', tableApplier(patientFlaggedNeeds))
    .register('patient_merges', tableApplier(patientMerges))
    .register('patient_duplicate_overrides', tableApplier(patientDuplicateOverrides))
    .register('tasks', tableApplier(tasks))
    .register('task_events', tableApplier(taskEvents))
    .register('call_log_entries', tableApplier(callLogEntries))
    .register('call_log_addenda', tableApplier(callLogAddenda))
    .register('waitlist_entries', tableApplier(waitlistEntries))
    .register('locations', setupApplier(locations))
    .register('providers', setupApplier(providers))
    .register('resources', setupApplier(resources))
    .register('appointment_types', setupApplier(appointmentTypes))
    .register('availability_templates', setupApplier(availabilityTemplates))
    .register('schedule_exceptions', setupApplier(scheduleExceptions))
    .register(
      'appointments',
      tableApplier(appointments, {
        // A booking the hub refused arrives cancelled (schedule/appointments.ts, decision 0510).
        // Resource ids arrive as an array and are kept as JSON text: the applier writes a
        // JSON value into a text column as its JSON.
        prepare: pulledAppointmentFields,
      }),
    )
    .register(REVIEW_TABLE, reviewItemApplier);
}
