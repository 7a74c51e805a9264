import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { DomainError } from '../../src-shared/errors';
import type { Role } from '../../src-shared/roles';
import type { NewUser, UserAccount } from '../../src-shared/session/users.contract';
import { MINIMUM_SCRYPT_COST, meetsCost, parseVerifier, type ScryptCost } from '../../src-shared/session/verifier';
import type { SessionUser } from '../../src-shared/session/contract';
import { appendAudit } from '../audit/audit-log';
import type { Store, Tx } from '../store/store';
import { NO_FAILURES, type FailureRecord } from './lockout';
import { makeVerifier } from './password';
import { userAccounts } from './table';

export type AccountRow = typeof userAccounts.$inferSelect;

/** What the hub sends for each account at enrollment: enough to sign in offline, nothing more. */
export interface ProvisionedAccount {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  verifier: string;
}

export function toUserAccount(row: AccountRow, now: number): UserAccount {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    source: row.source,
    createdAt: row.createdAt,
    lockedOutUntil: row.lockedUntil && row.lockedUntil > now ? new Date(row.lockedUntil).toISOString() : null,
  };
}

export function failureRecord(row: AccountRow): FailureRecord {
  return row.failedCount || row.lockedUntil
    ? { failedCount: row.failedCount, firstFailedAt: row.firstFailedAt, lockedUntil: row.lockedUntil }
    : NO_FAILURES;
}

/** The accounts that may sign in here (src-main/session/table.ts). */
export class AccountService {
  constructor(
    private readonly store: Store,
    /** The scrypt cost of verifiers made here; tests use the minimum to stay quick. */
    private readonly cost: ScryptCost,
    /** The session's clock, so lockouts and the idle lock agree on the time. */
    private readonly now: () => number = Date.now,
  ) {}

  count(): number {
    return this.store.db.select({ n: count() }).from(userAccounts).get()?.n ?? 0;
  }

  byUsername(username: string): AccountRow | undefined {
    return this.store.db.select().from(userAccounts).where(eq(userAccounts.username, username)).get();
  }

  byId(id: string): AccountRow | undefined {
    return this.store.db.select().from(userAccounts).where(eq(userAccounts.id, id)).get();
  }

  list(): UserAccount[] {
    return this.store.db
      .select()
      .from(userAccounts)
      .orderBy(userAccounts.username)
      .all()
      .map((row) => toUserAccount(row, this.now()));
  }

  /** A local account: the password becomes a verifier before anything is written. */
  async create(input: NewUser, by: SessionUser | null): Promise<UserAccount> {
    const verifier = await makeVerifier(input.password, this.cost);
    return this.store.write((tx) => {
      const account = this.insert(tx, { ...input, id: randomUUID(), verifier }, 'local');
      if (by) this.audit(tx, 'create', 'users.create', by);
      return account;
    });
  }

  /**
   * An account from the hub (or from a verifier made elsewhere): inserted, or
   * updated in place when the id is already here. Weak verifiers are refused, since
   * an attacker who copies this store can try passwords offline against them.
   */
  provision(account: ProvisionedAccount, source: 'local' | 'hub' = 'hub'): UserAccount {
    const parsed = parseVerifier(account.verifier);
    if (!parsed || !meetsCost(parsed, MINIMUM_SCRYPT_COST)) {
      throw new DomainError(
        'VALIDATION',
        `The verifier for ${account.username} is not a scrypt verifier of enough cost`,
      );
    }
    return this.store.write((tx) => {
      const existing = tx.select().from(userAccounts).where(eq(userAccounts.id, account.id)).get();
      if (!existing) return this.insert(tx, account, source);
      const row = tx
        .update(userAccounts)
        .set({
          username: account.username,
          displayName: account.displayName,
          role: account.role,
          verifier: account.verifier,
          updatedAt: new Date().toISOString(),
        })
        .where(eq(userAccounts.id, account.id))
        .returning()
        .get();
      return toUserAccount(row, this.now());
    });
  }

  /** Changes a role; the workstation always keeps at least one admin, or nobody could manage it. */
  setRole(userId: string, role: Role, by: SessionUser): UserAccount {
    return this.store.write((tx) => {
      const row = tx.select().from(userAccounts).where(eq(userAccounts.id, userId)).get();
      if (!row) throw new DomainError('NOT_FOUND', 'No user with that id');
      if (row.source === 'hub')
        throw new DomainError('CONFLICT', `${row.username} is managed by the clinic hub; change the role there`);
      if (row.role === 'admin' && role !== 'admin') {
        const admins = tx.select({ n: count() }).from(userAccounts).where(eq(userAccounts.role, 'admin')).get()?.n ?? 0;
        if (admins <= 1) throw new DomainError('CONFLICT', 'This is the only admin; make another admin first');
      }
      const updated = tx
        .update(userAccounts)
        .set({ role, updatedAt: new Date().toISOString() })
        .where(eq(userAccounts.id, userId))
        .returning()
        .get();
      this.audit(tx, 'update', 'users.setRole', by);
      return toUserAccount(updated, this.now());
    });
  }

  saveFailures(tx: Tx, userId: string, record: FailureRecord): void {
    tx.update(userAccounts)
      .set({ failedCount: record.failedCount, firstFailedAt: record.firstFailedAt, lockedUntil: record.lockedUntil })
      .where(eq(userAccounts.id, userId))
      .run();
  }

  /** Account changes are on the record too: who made or changed an account, and when. */
  private audit(tx: Tx, action: 'create' | 'update', channel: string, by: SessionUser): void {
    appendAudit(this.store, tx, { action, channel, userId: by.userId, username: by.username, patientIds: [] });
  }

  private insert(
    tx: Tx,
    input: { id: string; username: string; displayName: string; role: Role; verifier: string },
    source: 'local' | 'hub',
  ): UserAccount {
    const taken = tx
      .select({ id: userAccounts.id })
      .from(userAccounts)
      .where(eq(userAccounts.username, input.username))
      .get();
    if (taken) {
      throw new DomainError('CONFLICT', `The username ${input.username} is taken`, {
        username: 'This username is taken',
      });
    }
    const now = new Date().toISOString();
    const row = tx
      .insert(userAccounts)
      .values({
        id: input.id,
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        verifier: input.verifier,
        source,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    return toUserAccount(row, this.now());
  }
}
