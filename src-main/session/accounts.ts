import { randomUUID } from 'node:crypto';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { DomainError } from '../../src-shared/errors';
import type { Role } from '../../src-shared/roles';
import type { AuditAction } from '../../src-shared/ipc/channel';
import type { NewUser, UserAccount } from '../../src-shared/session/users.contract';
import { MINIMUM_SCRYPT_COST, meetsCost, parseVerifier, type ScryptCost } from '../../src-shared/session/verifier';
import type { SessionUser } from '../../src-shared/session/contract';
import type { AccountRoster } from '../../src-shared/sync/protocol';
import { appendAudit } from '../audit/audit-log';
import { log } from '../log';
import type { Store, Tx } from '../store/store';
import { afterFailure, isLockedOut, NO_FAILURES, type FailureRecord } from './lockout';
import { checkPassword, makeVerifier } from './password';
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
    disabledAt: row.disabledAt,
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
    return this.change(userId, 'users.setRole', by, (tx, row) => {
      if (row.source === 'hub')
        throw new DomainError('CONFLICT', `${row.username} is managed by the clinic hub; change the role there`);
      if (row.role === 'admin' && role !== 'admin') this.keepAnAdmin(tx, row);
      return { role };
    });
  }

  /**
   * The signed-in person changes their own password. The current one is asked for so
   * that someone at an unlocked, unattended session cannot take the account over; a
   * wrong one counts towards the lockout like a failed sign-in, and is recorded as one.
   */
  async changeOwnPassword(by: SessionUser, currentPassword: string, newPassword: string): Promise<void> {
    const row = this.mustFind(by.userId);
    if (row.source === 'hub')
      throw new DomainError('CONFLICT', 'Your account is managed by the clinic hub; change your password there');
    const now = this.now();
    if (isLockedOut(failureRecord(row), now))
      throw new DomainError('CONFLICT', 'Too many wrong passwords: try again when the lockout ends');
    if (!(await checkPassword(currentPassword, row.verifier))) {
      const fresh = this.mustFind(by.userId);
      this.store.write((tx) => {
        this.saveFailures(tx, fresh.id, afterFailure(failureRecord(fresh), now));
        this.audit(tx, 'failed-sign-in', 'users.changePassword', by);
      });
      const wrong = 'That is not your current password';
      throw new DomainError('VALIDATION', wrong, { currentPassword: wrong });
    }
    const verifier = await makeVerifier(newPassword, this.cost);
    this.change(by.userId, 'users.changePassword', by, () => ({ verifier, ...NO_FAILURES }));
  }

  /** An admin gives someone else a new password (they forgot theirs); any lockout ends with it. */
  async resetPassword(userId: string, newPassword: string, by: SessionUser): Promise<UserAccount> {
    const row = this.mustFind(userId);
    if (row.id === by.userId)
      throw new DomainError(
        'CONFLICT',
        'To change your own password, use Change my password (it asks for the current one)',
      );
    if (row.source === 'hub')
      throw new DomainError('CONFLICT', `${row.username} is managed by the clinic hub; reset the password there`);
    const verifier = await makeVerifier(newPassword, this.cost);
    return this.change(userId, 'users.resetPassword', by, () => ({ verifier, ...NO_FAILURES }));
  }

  /**
   * Disables or enables an account. Allowed for hub accounts too: a workstation that
   * is offline when someone leaves the clinic must still be able to shut them out.
   * Nobody disables themselves, and the last enabled admin stays enabled.
   */
  setDisabled(userId: string, disabled: boolean, by: SessionUser): UserAccount {
    return this.change(userId, disabled ? 'users.disable' : 'users.enable', by, (tx, row) => {
      if (disabled && row.id === by.userId) throw new DomainError('CONFLICT', 'You cannot disable your own account');
      if (disabled && row.role === 'admin') this.keepAnAdmin(tx, row);
      return { disabledAt: disabled ? (row.disabledAt ?? new Date(this.now()).toISOString()) : null };
    });
  }

  /**
   * Mirrors the hub's roster: its accounts are provisioned (new ones added, names,
   * roles and verifiers brought up to date), and a hub account that IT disabled at the
   * hub is disabled here, with an audit entry, so offline sign-in stops for them too.
   * The hub decides for its own accounts, even the last admin. Enabling stays an
   * explicit act (at the hub, or by an admin here). Returns the ids disabled now.
   */
  applyHubRoster(roster: AccountRoster): string[] {
    for (const account of roster.accounts) {
      // The roster comes after every sync: an account as it already stands costs no write.
      const held = this.byId(account.id);
      if (
        held &&
        held.username === account.username &&
        held.displayName === account.displayName &&
        held.role === account.role &&
        held.verifier === account.verifier
      )
        continue;
      try {
        this.provision(account, 'hub');
      } catch (error) {
        // A local account already holds the username: the rest of the roster still applies.
        if (!(error instanceof DomainError)) throw error;
        log.warn({ code: error.code }, 'a hub account was not provisioned');
      }
    }
    if (roster.disabled.length === 0) return [];
    return this.store.write((tx) => {
      const newlyDisabled = tx
        .update(userAccounts)
        .set({ disabledAt: new Date(this.now()).toISOString(), updatedAt: new Date().toISOString() })
        .where(
          and(
            inArray(userAccounts.id, roster.disabled),
            eq(userAccounts.source, 'hub'),
            isNull(userAccounts.disabledAt),
          ),
        )
        .returning({ id: userAccounts.id })
        .all()
        .map((row) => row.id);
      if (newlyDisabled.length > 0)
        appendAudit(this.store, tx, {
          action: 'update',
          channel: 'users.disable',
          userId: null,
          username: 'clinic hub',
          patientIds: [],
        });
      return newlyDisabled;
    });
  }

  /** Ends a lockout early (the person called IT and proved who they are). */
  liftLockout(userId: string, by: SessionUser): UserAccount {
    return this.change(userId, 'users.liftLockout', by, () => ({ ...NO_FAILURES }));
  }

  saveFailures(tx: Tx, userId: string, record: FailureRecord): void {
    tx.update(userAccounts)
      .set({ failedCount: record.failedCount, firstFailedAt: record.firstFailedAt, lockedUntil: record.lockedUntil })
      .where(eq(userAccounts.id, userId))
      .run();
  }

  /** Account changes are on the record too: who made or changed an account, and when. */
  private audit(tx: Tx, action: AuditAction, channel: string, by: SessionUser): void {
    appendAudit(this.store, tx, { action, channel, userId: by.userId, username: by.username, patientIds: [] });
  }

  private mustFind(userId: string): AccountRow {
    const row = this.byId(userId);
    if (!row) throw new DomainError('NOT_FOUND', 'No user with that id');
    return row;
  }

  /**
   * One account change and its audit entry in one transaction. `decide` reads the row
   * inside the transaction and returns the columns to set, or throws to refuse.
   */
  private change(
    userId: string,
    channel: string,
    by: SessionUser,
    decide: (tx: Tx, row: AccountRow) => Partial<typeof userAccounts.$inferInsert>,
  ): UserAccount {
    return this.store.write((tx) => {
      const row = tx.select().from(userAccounts).where(eq(userAccounts.id, userId)).get();
      if (!row) throw new DomainError('NOT_FOUND', 'No user with that id');
      const updated = tx
        .update(userAccounts)
        .set({ ...decide(tx, row), updatedAt: new Date().toISOString() })
        .where(eq(userAccounts.id, userId))
        .returning()
        .get();
      this.audit(tx, 'update', channel, by);
      return toUserAccount(updated, this.now());
    });
  }

  /** Refuses a change that would leave the workstation without an enabled admin. */
  private keepAnAdmin(tx: Tx, leaving: AccountRow): void {
    const others =
      tx
        .select({ n: count() })
        .from(userAccounts)
        .where(and(eq(userAccounts.role, 'admin'), isNull(userAccounts.disabledAt)))
        .get()?.n ?? 0;
    if (leaving.disabledAt === null && others <= 1)
      throw new DomainError('CONFLICT', 'This is the only admin; make another admin first');
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
