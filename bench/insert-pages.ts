import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src-main/store/store';
import { patientNameIndex } from '../src-main/patients/name-index';
import { insertPatient } from '../src-main/patients/table';
import { intakeSchema } from '../src-shared/patients/intake';

/* Deterministic figures of the store bench's workload: bytes and pages per b-tree after 20,000 patients. */
const FIRST = ['Ana', 'Bo', 'Chen', 'Dmitri', 'Eun-ji', 'Fatima', 'Gustavo', 'Hana', 'Ibrahim', 'Jo'];
const LAST = ['Garcia', 'Nguyen', 'Okafor', 'Smith', 'Kowalski', 'Haddad', 'Tanaka', 'Silva', 'Novak', 'Ali'];
const letters = (n: number): string =>
  (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
const dir = mkdtempSync(join(tmpdir(), 'caredesk-pages-'));
const store = Store.open({ path: join(dir, 'b.db'), key: randomBytes(32) });
for (let i = 0; i < 20_000; i += 1_000) {
  store.write((tx) => {
    for (let j = i; j < i + 1_000; j++)
      insertPatient(
        store,
        tx,
        intakeSchema.parse({
          identity: {
            firstName: FIRST[j % 10]!,
            lastName: `${LAST[((j / 10) % 10) | 0]!}-${letters(j)}`,
            dateOfBirth: `0${1 + (j % 9)}/1${j % 10}/19${String(40 + (j % 60)).padStart(2, '0')}`,
          },
          contact: { phones: [{ number: `617555${String(j % 10_000).padStart(4, '0')}` }] },
        }),
        { userId: 'bench' },
      );
  });
}
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
