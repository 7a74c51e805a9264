import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditHash, GENESIS_HASH } from '../src-main/audit/audit-log';
import { verifyAuditChain } from '../src-main/audit/verify';
import { Store } from '../src-main/store/store';
import { walkContractRoles } from '../tests/support/role-walk';
import type { Benchmark } from './benchmark';

const ENTRIES = Number(process.env.CAREDESK_BENCH_AUDIT_ENTRIES ?? 1_000_000);
const ACTIONS = ['view', 'search', 'create', 'update', 'sign-in', 'lock'];

async function withStore<T>(fn: (store: Store) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-bench-security-'));
  const store = Store.open({ path: join(dir, 'caredesk.db'), key: randomBytes(32) });
  try {
    return await fn(store);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a chained audit of `count` entries straight into the table (the append path is benchmarked elsewhere). */
function fillAudit(store: Store, count: number): void {
  const insert = store.sqlite.prepare(
    `INSERT INTO audit_events (id, at, user_id, username, workstation, action, channel, patient_ids, prev_hash, hash)
     VALUES (@id, @at, @userId, @username, @workstation, @action, @channel, @patientIds, @prevHash, @hash)`,
  );
  let prevHash = GENESIS_HASH;
  const start = Date.parse('2026-01-05T08:00:00Z');
  const batch = store.sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const row = {
        id: randomUUID(),
        at: new Date(start + i * 1500).toISOString(),
        userId: `u${i % 40}`,
        username: `coordinator.${i % 40}`,
        workstation: store.deviceId,
        action: ACTIONS[i % ACTIONS.length]!,
        channel: 'patients.get',
        patientIds: JSON.stringify([randomUUID()]),
        prevHash,
      };
      const hash = auditHash(row);
      insert.run({ ...row, hash });
      prevHash = hash;
    }
  });
  for (let from = 0; from < count; from += 50_000) batch(from, Math.min(count, from + 50_000));
}

export const benchmarks: Benchmark[] = [
  {
    name: 'security.channels_without_role_check',
    unit: 'channels',
    budget: { op: '<=', value: 0 },
    run: () =>
      withStore(async (store) => {
        const walk = await walkContractRoles(store, 'app://caredesk');
        return new Set(walk.findings.map((f) => f.channel)).size;
      }),
  },
  {
    name: 'security.audit_verify_ms',
    unit: `ms / ${ENTRIES.toLocaleString('en-US')} entries`,
    run: () =>
      withStore((store) => {
        fillAudit(store, ENTRIES);
        const started = performance.now();
        const result = verifyAuditChain(store.sqlite);
        const ms = performance.now() - started;
        if (!result.intact || result.entries !== ENTRIES) throw new Error('the benchmark audit did not verify');
        return ms;
      }),
  },
];
