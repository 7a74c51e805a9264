import type { z } from 'zod';
import type { Role } from '../roles';

/** What an audit entry says happened. */
export type AuditAction =
  | 'view'
  | 'search'
  | 'create'
  | 'update'
  | 'delete'
  | 'print'
  | 'export'
  | 'sign-in'
  | 'sign-out'
  | 'lock'
  | 'failed-sign-in';

/**
 * One IPC channel, declared once: the renderer's client, the router and the tests
 * all read this declaration, so the schema the UI validates against is the one the
 * main process enforces.
 */
export type ChannelRoles = readonly Role[] | 'public';

export interface ChannelDef<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  R extends ChannelRoles = ChannelRoles,
> {
  readonly name: string;
  readonly input: I;
  readonly output: O;
  /** Whether the channel reads or writes protected health information; such calls are audited. */
  readonly phi: 'read' | 'write' | 'none';
  /** The audit action; a function when the input decides it (a filtered list is a search, not a view). */
  readonly audit?: AuditAction | ((input: z.infer<I>) => AuditAction);
  /** Roles allowed to call it. `public` channels run without a session (sign-in itself). */
  readonly roles: R;
  /** The patients an audited call touched, for the audit entry. */
  readonly auditPatients?: (input: z.infer<I>, output: z.infer<O>) => readonly string[];
}

export function defineChannel<I extends z.ZodType, O extends z.ZodType, const R extends ChannelRoles>(
  def: ChannelDef<I, O, R>,
): ChannelDef<I, O, R> {
  if (def.phi !== 'none' && !def.audit) {
    throw new Error(`Channel ${def.name} touches PHI and must name its audit action`);
  }
  return def;
}

export type ChannelInput<C> = C extends ChannelDef<infer I, z.ZodType, ChannelRoles> ? z.input<I> : never;
export type ChannelOutput<C> = C extends ChannelDef<z.ZodType, infer O, ChannelRoles> ? z.output<O> : never;
