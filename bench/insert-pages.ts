import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { patientNameIndex } from '../src-main/patients/name-index';
import { openEncrypted, writeBulk } from './bulk-insert';

/* Deterministic figures of the store bench's workload: bytes and pages per b-tree after 20,000 patients. */
const dir = mkdtempSync(join(tmpdir(), 'caredesk-pages-'));
const store = openEncrypted(join(dir, 'b.db'));
writeBulk(store);
const queuePagesBeforeCatchUp = store.sqlite.prepare('SELECT count(*) AS n FROM patient_name_index_queue').get();
patientNameIndex(store).catchUp();
const fields = store.sqlite.prepare('SELECT avg(length(fields)) AS bytes FROM outbox').get();
const pages = store.sqlite
  .prepare('SELECT name, count(*) AS pages FROM dbstat GROUP BY name ORDER BY pages DESC LIMIT 8')
  .all();
const total = store.sqlite.prepare('SELECT count(*) AS pages FROM dbstat').get();
console.log(JSON.stringify({ queueRowsBeforeCatchUp: queuePagesBeforeCatchUp, outboxFieldsAvg: fields, total, pages }));
store.close();
rmSync(dir, { recursive: true, force: true });
