import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { verifyAuditChain } from '../../src-main/audit/verify';
import { DATABASE_FILE } from '../../src-main/services';
import { addUser, freshCareDesk, fromWindow, TEST_PASSWORD, type TestCareDesk } from '../support/store';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

/** A workstation with a real day's worth of audit: sign-ins, patients created, viewed and searched, a lock. */
async function auditedWorkstation(): Promise<TestCareDesk> {
  const app = freshCareDesk({ signedInAs: null });
  disposers.push(() => app.dispose());
  addUser(app, 'coordinator', 'maria');
  const call = (channel: string, input: unknown = {}) => app.router(channel, input, fromWindow);
  await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
  for (const [firstName, lastName] of [
    ['Ada', 'Byron'],
    ['Grace', 'Hopper'],
    ['Alan', 'Turing'],
  ]) {
    const created = await call('patients.create', {
      firstName,
      lastName,
      dateOfBirth: '01/02/1970',
      phone: '6175550100',
    });
    expect(created.ok).toBe(true);
    await call('patients.get', { id: (created as { value: { id: string } }).value.id });
  }
  await call('patients.search', { query: 'hopper' });
  await call('session.lock');
  await call('session.signIn', { username: 'maria', password: 'a wrong password' });
  await call('session.unlock', { password: TEST_PASSWORD });
  await call('session.signOut');
  return app;
}

/**
 * Opens the closed store as an attacker holding the key would: raw SQLCipher,
 * the append-only triggers dropped so the edit goes through.
 */
function tamper(app: TestCareDesk, sql: string): void {
  app.close();
  const db = new Database(join(app.dataDir, DATABASE_FILE));
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key="x'${app.key.toString('hex')}'"`);
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  db.exec(sql);
  db.close();
}

function verifyClosed(app: TestCareDesk) {
  const db = new Database(join(app.dataDir, DATABASE_FILE), { readonly: true });
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key="x'${app.key.toString('hex')}'"`);
  try {
    return verifyAuditChain(db);
  } finally {
    db.close();
  }
}

function runVerifyCommand(dataDir: string) {
  const result = spawnSync('npm', ['run', '--silent', 'audit:verify', '--', '--data-dir', dataDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CAREDESK_DB_KEY: undefined },
  });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('the audit chain', () => {
  it('records every kind of event with user, workstation, patient and time, each chained to the one before', async () => {
    const app = await auditedWorkstation();
    const rows = app.store.sqlite
      .prepare(
        'SELECT seq, action, username, workstation, patient_ids, at, prev_hash, hash FROM audit_events ORDER BY seq',
      )
      .all() as Array<Record<string, string>>;
    expect(rows.map((r) => r.action)).toEqual([
      'sign-in',
      'create',
      'view',
      'create',
      'view',
      'create',
      'view',
      'search',
      'lock',
      'failed-sign-in',
      'sign-in',
      'sign-out',
    ]);
    for (const [i, row] of rows.entries()) {
      expect(row.username).toBe('maria');
      expect(row.workstation).toBe(app.store.deviceId);
      expect(Date.parse(row.at!)).not.toBeNaN();
      if (i > 0) expect(row.prev_hash).toBe(rows[i - 1]!.hash);
    }
    expect(JSON.parse(rows[1]!.patient_ids!)).toHaveLength(1);
    expect(verifyAuditChain(app.store.sqlite)).toMatchObject({ intact: true, entries: 12, problems: [] });
  });

  it('cannot be edited or deleted through the store: the triggers refuse', async () => {
    const app = await auditedWorkstation();
    expect(() => app.store.sqlite.exec(`UPDATE audit_events SET username = 'someone' WHERE seq = 2`)).toThrow(
      /append-only/,
    );
    expect(() => app.store.sqlite.exec('DELETE FROM audit_events WHERE seq = 2')).toThrow(/append-only/);
  });

  it('finds an edited entry: who did it changed after the fact', async () => {
    const app = await auditedWorkstation();
    tamper(app, `UPDATE audit_events SET username = 'someone.else' WHERE seq = 3`);
    expect(verifyClosed(app)).toMatchObject({
      intact: false,
      problems: [{ seq: 3, kind: 'edited' }],
    });
  });

  it('finds an edited entry whose hash was recomputed: the next entry no longer follows it', async () => {
    const app = await auditedWorkstation();
    // A careful attacker rewrites the patient list and recomputes that entry's own hash.
    tamper(app, `UPDATE audit_events SET patient_ids = '[]', hash = '${'f'.repeat(64)}' WHERE seq = 3`);
    const result = verifyClosed(app);
    expect(result.intact).toBe(false);
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([
      [3, 'edited'],
      [4, 'removed-or-reordered'],
    ]);
  });

  it('finds a removed entry', async () => {
    const app = await auditedWorkstation();
    tamper(app, 'DELETE FROM audit_events WHERE seq = 5');
    const { intact, problems } = verifyClosed(app);
    expect(intact).toBe(false);
    expect(problems.map((p) => [p.seq, p.kind])).toEqual([[6, 'removed-or-reordered']]);
    expect(problems[0]!.detail).toMatch(/entry 6 does not follow entry 4/i);
  });

  it('finds removed first entries', async () => {
    const app = await auditedWorkstation();
    tamper(app, 'DELETE FROM audit_events WHERE seq <= 2');
    const { problems } = verifyClosed(app);
    expect(problems.map((p) => [p.seq, p.kind])).toEqual([[3, 'removed-or-reordered']]);
    expect(problems[0]!.detail).toMatch(/earlier entries were removed/);
  });

  it('finds reordered entries', async () => {
    const app = await auditedWorkstation();
    // Swap entries 4 and 5 by renumbering them.
    tamper(
      app,
      `UPDATE audit_events SET seq = -1 WHERE seq = 4;
       UPDATE audit_events SET seq = 4 WHERE seq = 5;
       UPDATE audit_events SET seq = 5 WHERE seq = -1;`,
    );
    const result = verifyClosed(app);
    expect(result.intact).toBe(false);
    expect(result.problems.every((p) => p.kind === 'removed-or-reordered')).toBe(true);
    expect(result.problems.map((p) => p.seq)).toEqual([4, 5, 6]);
  });

  it('npm run audit:verify exits 0 on an intact store and 1, naming the entry, on a tampered one', async () => {
    const app = await auditedWorkstation();
    writeFileSync(join(app.dataDir, 'db.key'), app.key.toString('hex'), { mode: 0o600 });
    app.close();
    const intact = runVerifyCommand(app.dataDir);
    expect(intact.out).toMatch(/Audit intact: 12 entries/);
    expect(intact.code).toBe(0);

    tamper(app, `UPDATE audit_events SET action = 'view' WHERE seq = 2`);
    const tampered = runVerifyCommand(app.dataDir);
    expect(tampered.out).toMatch(/edited\s+Entry 2 was changed after it was written/);
    expect(tampered.out).toMatch(/Audit TAMPERED: 1 problem/);
    expect(tampered.code).toBe(1);
  }, 120_000);

  it('npm run audit:verify exits 2 with a clear message when the store cannot be opened', async () => {
    const app = await auditedWorkstation();
    app.close();
    const noKey = runVerifyCommand(app.dataDir);
    expect(noKey.out).toMatch(/No key for/);
    expect(noKey.code).toBe(2);
    writeFileSync(join(app.dataDir, 'db.key'), 'ab'.repeat(32), { mode: 0o600 });
    const wrongKey = runVerifyCommand(app.dataDir);
    expect(wrongKey.out).toMatch(/wrong key/);
    expect(wrongKey.code).toBe(2);
  }, 120_000);
});
