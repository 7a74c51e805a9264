import { DomainError } from '../../src-shared/errors';
import type { AuditAction } from '../../src-shared/ipc/channel';
import type { SessionState, SessionStateName, SessionUser } from '../../src-shared/session/contract';
import type { ScryptCost } from '../../src-shared/session/verifier';
import { appendAudit } from '../audit/audit-log';
import type { EventBus } from '../ipc/event-bus';
import type { Store } from '../store/store';
import { failureRecord, type AccountRow, type AccountService } from './accounts';
import type { IdleClock } from './idle-clock';
import { afterFailure, isLockedOut, NO_FAILURES } from './lockout';
import { checkPassword, decoyVerifier } from './password';

/** Why a session locked; recorded as the audit entry's channel. */
export type LockReason = 'user' | 'idle' | 'os-lock' | 'os-suspend';

const IDLE_CHECK_MS = 60_000;

export interface SessionOptions {
  store: Store;
  accounts: AccountService;
  events: EventBus;
  clock: IdleClock;
  /** Read at every restart of the idle timer, so an IT policy change applies at the next activity. */
  idleLockMinutes: () => number;
  cost: ScryptCost;
  /** After a password sign-in succeeded here: sync signs in to the clinic hub as the same person. */
  onSignedIn?: (username: string, password: string) => void;
}

const WRONG = 'Wrong username or password';
const DISABLED = 'This account is disabled; ask your CareDesk administrator';

/**
 * Who is at the keyboard. Signed out, active or locked; the main process owns the
 * idle timer and every transition writes its audit entry. Only `current()` (an
 * active, unlocked user) lets the router run a non-public channel.
 */
export class SessionService {
  private user: SessionUser | null = null;
  private locked = false;
  private cancelIdle: (() => void) | null = null;
  private lastActivity = 0;
  private readonly decoy: string;

  constructor(private readonly o: SessionOptions) {
    this.decoy = decoyVerifier(o.cost);
  }

  current(): SessionUser | null {
    return this.user && !this.locked ? this.user : null;
  }

  state(): SessionState {
    return { state: this.stateName(), user: this.user, idleLockMinutes: this.o.idleLockMinutes() };
  }

  /** First run: the first admin, made only while no account exists at all. */
  async setUp(input: { username: string; displayName: string; password: string }): Promise<SessionState> {
    if (this.o.accounts.count() > 0) throw new DomainError('CONFLICT', 'This workstation is already set up; sign in');
    const account = await this.o.accounts.create({ ...input, role: 'admin' }, null);
    this.begin(this.o.accounts.byId(account.id)!, 'session.setUp');
    return this.state();
  }

  /** Signs in; over another user's session it switches user, ending theirs first. */
  async signIn(username: string, password: string): Promise<SessionState> {
    const account = this.o.accounts.byUsername(username);
    await this.checkOrFail(account, username, password, 'session.signIn');
    this.begin(account!, 'session.signIn');
    this.o.onSignedIn?.(account!.username, password);
    return this.state();
  }

  async unlock(password: string): Promise<SessionState> {
    if (!this.user || !this.locked) throw new DomainError('CONFLICT', 'Nothing is locked');
    const account = this.o.accounts.byId(this.user.userId);
    await this.checkOrFail(account, this.user.username, password, 'session.unlock');
    if (!this.user || account?.id !== this.user.userId)
      throw new DomainError('CONFLICT', 'The session changed; sign in');
    this.locked = false;
    this.audit('sign-in', 'session.unlock', this.user);
    this.touch();
    this.changed();
    return this.state();
  }

  signOut(): SessionState {
    if (this.user) {
      this.audit('sign-out', 'session.signOut', this.user);
      this.end();
      this.changed();
    }
    return this.state();
  }

  /** Locks the active session (the user asked, the idle timer ran out, or the OS locked or slept). */
  lock(reason: LockReason): SessionState {
    if (this.user && !this.locked) {
      this.locked = true;
      this.stopIdleTimer();
      this.audit('lock', reason === 'user' ? 'session.lock' : reason, this.user);
      this.changed();
    }
    return this.state();
  }

  /**
   * After an account change: the signed-in person's role takes effect at once, not at
   * the next sign-in, and a disabled person's session (active or locked) ends now.
   */
  refresh(userId: string, channel: string): void {
    if (this.user?.userId !== userId) return;
    const account = this.o.accounts.byId(userId);
    if (account && !account.disabledAt) {
      this.user = { ...this.user, role: account.role };
      return;
    }
    this.audit('sign-out', channel, this.user);
    this.end();
    this.changed();
  }

  /** The person is still there: restart the idle timer. */
  activity(): void {
    if (this.current()) this.touch();
  }

  /**
   * Opens a session for an account without a password. Only for code inside the main
   * process that already knows who is at the keyboard (the test support); no channel
   * reaches it.
   */
  openFor(username: string): SessionUser {
    const account = this.o.accounts.byUsername(username);
    if (!account) throw new DomainError('NOT_FOUND', `No account ${username}`);
    // No audit entry: no person signed in, and tests of other features count their own entries.
    this.begin(account, null);
    return this.user!;
  }

  /** Stops the idle timer; the process is closing. */
  dispose(): void {
    this.stopIdleTimer();
  }

  private stateName(): SessionStateName {
    if (this.user) return this.locked ? 'locked' : 'active';
    return this.o.accounts.count() === 0 ? 'setup' : 'signed-out';
  }

  private async checkOrFail(
    account: AccountRow | undefined,
    username: string,
    password: string,
    channel: string,
  ): Promise<void> {
    const now = this.o.clock.now();
    if (account && isLockedOut(failureRecord(account), now)) {
      this.audit('failed-sign-in', channel, { userId: account.id, username });
      throw lockedOut(account.lockedUntil!, now);
    }
    // Unknown usernames are checked against a decoy so both failures take the same time.
    const ok = await checkPassword(password, account ? account.verifier : this.decoy);
    if (ok && account && account.disabledAt) {
      // Only someone who knows the password learns the account is disabled; it is no guess.
      this.audit('failed-sign-in', channel, { userId: account.id, username });
      throw new DomainError('UNAUTHENTICATED', DISABLED, { password: DISABLED });
    }
    if (ok && account) {
      if (account.failedCount || account.lockedUntil) {
        this.o.store.write((tx) => this.o.accounts.saveFailures(tx, account.id, NO_FAILURES));
      }
      return;
    }
    // Re-read: another attempt may have counted a failure while scrypt ran.
    const fresh = account && this.o.accounts.byId(account.id);
    const next = fresh ? afterFailure(failureRecord(fresh), now) : null;
    this.o.store.write((tx) => {
      if (fresh && next) this.o.accounts.saveFailures(tx, fresh.id, next);
      appendAudit(this.o.store, tx, {
        action: 'failed-sign-in',
        channel,
        userId: fresh?.id ?? null,
        username,
        patientIds: [],
      });
    });
    if (next?.lockedUntil) throw lockedOut(next.lockedUntil, now);
    throw new DomainError('UNAUTHENTICATED', WRONG, { password: WRONG });
  }

  private begin(account: AccountRow, channel: string | null): void {
    const next: SessionUser = {
      userId: account.id,
      username: account.username,
      displayName: account.displayName,
      role: account.role,
    };
    // Switching user: the previous person's session ends on the record first.
    if (channel && this.user && this.user.userId !== next.userId)
      this.audit('sign-out', 'session.switchUser', this.user);
    this.end();
    this.user = next;
    if (channel) this.audit('sign-in', channel, next);
    this.touch();
    this.changed();
  }

  private end(): void {
    this.stopIdleTimer();
    this.user = null;
    this.locked = false;
  }

  private touch(): void {
    this.stopIdleTimer();
    this.lastActivity = this.o.clock.now();
    this.scheduleIdleCheck(this.o.idleLockMinutes() * 60_000);
  }

  private scheduleIdleCheck(ms: number): void {
    // At least once a minute, so a shorter idle lock set on the settings screen applies
    // within a minute, not after the longer wait that was armed before it.
    this.cancelIdle = this.o.clock.after(Math.min(ms, IDLE_CHECK_MS), () => {
      this.cancelIdle = null;
      const limit = this.o.idleLockMinutes() * 60_000;
      const idle = this.o.clock.now() - this.lastActivity;
      if (idle >= limit) this.lock('idle');
      else this.scheduleIdleCheck(limit - idle);
    });
  }

  private stopIdleTimer(): void {
    this.cancelIdle?.();
    this.cancelIdle = null;
  }

  private audit(action: AuditAction, channel: string, who: { userId: string; username: string }): void {
    this.o.store.write((tx) =>
      appendAudit(this.o.store, tx, { action, channel, userId: who.userId, username: who.username, patientIds: [] }),
    );
  }

  private changed(): void {
    this.o.events.emit('session.changed', { state: this.stateName() });
  }
}

function lockedOut(until: number, now: number): DomainError {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return new DomainError(
    'UNAUTHENTICATED',
    `Too many failed sign-ins: this account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}. Try again then.`,
  );
}
