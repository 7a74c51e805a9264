import { DomainError, type AppError, type Result } from '../../src-shared/errors';
import type { ChannelDef } from '../../src-shared/ipc/channel';
import { contract, type Contract } from '../../src-shared/ipc/contract';
import type { SessionUser } from '../../src-shared/session/contract';
import { fieldErrors } from '../../src-shared/validation';
import { appendAudit } from '../audit/audit-log';
import { log } from '../log';
import { StoreError } from '../store/database';
import type { Store } from '../store/store';
import type { HandlersFor } from './handler';

/** Where a call came from, as the transport saw it. */
export interface Sender {
  origin: string;
  mainFrame: boolean;
}

export interface RouterOptions {
  store: Store;
  handlers: HandlersFor<Contract>;
  session: () => SessionUser | null;
  /** Origins whose main frame may call; the transport reports the sender. */
  trustedOrigins: readonly string[];
}

export type Router = (channel: string, input: unknown, sender: Sender) => Promise<Result<unknown>>;

const fail = (code: AppError['code'], message: string, fields?: Record<string, string>): Result<never> => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
});

/**
 * The one door into the main process. Every transport (Electron IPC, the harness
 * WebSocket) calls this, so the checks below run for every call from every home:
 * known channel, trusted sender, signed-in role, valid input; then the handler,
 * and for PHI channels the audit entry in the same transaction as the work.
 */
export function createRouter({ store, handlers, session, trustedOrigins }: RouterOptions): Router {
  return async (channelName, rawInput, sender) => {
    if (!Object.hasOwn(contract, channelName))
      return fail('UNKNOWN_CHANNEL', `Unknown channel: ${String(channelName).slice(0, 80)}`);
    const channel: ChannelDef = contract[channelName as keyof Contract];
    if (!sender.mainFrame || !trustedOrigins.includes(sender.origin)) {
      log.warn({ channel: channel.name, origin: sender.origin }, 'refused a call from an untrusted sender');
      return fail('FORBIDDEN', 'Calls are accepted only from the CareDesk window');
    }
    const user = session();
    if (channel.roles !== 'public') {
      if (!user) return fail('UNAUTHENTICATED', 'Sign in to continue');
      if (!channel.roles.includes(user.role)) return fail('FORBIDDEN', `Your role (${user.role}) may not do this`);
    }
    const parsed = channel.input.safeParse(rawInput);
    if (!parsed.success) return fail('VALIDATION', 'Some fields need attention', fieldErrors(parsed.error));

    // A store found damaged after it opened takes no more changes; reading and auditing go on (decision 0324).
    if (channel.phi === 'write' && store.damage) return fail(store.damage.code, store.damage.message);
    const handler = handlers[channel.name as keyof Contract] as (input: unknown, ctx: unknown) => unknown;
    const ctx = channel.roles === 'public' ? { session: user } : { actor: user };
    try {
      // runAudited already parsed the output (the audit entry needs it); parse once either way.
      const value =
        channel.phi === 'none'
          ? channel.output.parse(await handler(parsed.data, ctx))
          : runAudited(store, channel, handler, parsed.data, ctx, user);
      return { ok: true, value };
    } catch (error) {
      return toFailure(channel.name, error);
    }
  };
}

/**
 * A PHI call and its audit entry commit together: no access without its record.
 * A read's entry is committed before its answer is returned, but fsync'd in a group
 * with the next reads' (decision 0323): a search per keystroke is not an fsync per keystroke.
 */
function runAudited(
  store: Store,
  channel: ChannelDef,
  handler: (input: unknown, ctx: unknown) => unknown,
  input: unknown,
  ctx: unknown,
  user: SessionUser | null,
): unknown {
  const commit = channel.phi === 'read' ? store.writeGrouped.bind(store) : store.write.bind(store);
  return commit((tx) => {
    const value = handler(input, ctx);
    if (value instanceof Promise) throw new Error(`PHI handler ${channel.name} must be synchronous`);
    const output = channel.output.parse(value);
    appendAudit(store, tx, {
      action: typeof channel.audit === 'function' ? channel.audit(input) : channel.audit!,
      channel: channel.name,
      userId: user?.userId ?? null,
      username: user?.username ?? null,
      patientIds: channel.auditPatients?.(input, output) ?? [],
    });
    return output;
  });
}

function toFailure(channel: string, error: unknown): Result<never> {
  if (error instanceof DomainError) return fail(error.code, error.message, error.fields);
  if (error instanceof StoreError) return fail(error.code, error.message);
  // Never log the input or the message of an unexpected error: either may hold PHI.
  log.error({ channel, errorName: (error as Error)?.name }, 'handler failed');
  return fail('INTERNAL', 'Something went wrong; the change was not saved');
}
