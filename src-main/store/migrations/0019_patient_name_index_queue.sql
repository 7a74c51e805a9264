-- A patient save no longer writes the name index (patients_fts) in its own commit
-- (decision 0033): it notes the patient's rowid here, one small row on one page, and
-- PatientNameIndex (src-main/patients/name-index.ts) indexes the noted patients once
-- writes pause, at start, and before every search reads the index. A row here is
-- committed with the save, so a kill between the save and the indexing leaves the
-- patient noted, never lost. `fresh`: the patient was created after the note, so it
-- has no index row to replace yet.
CREATE TABLE `patient_name_index_queue` (
	`patient_rowid` integer PRIMARY KEY NOT NULL,
	`fresh` integer NOT NULL
);
