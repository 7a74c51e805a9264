import { z } from 'zod';
import { defineChannel, type AuditAction } from '../ipc/channel';

export const AUDIT_ACTIONS = [
  'view',
  'search',
  'create',
  'update',
  'delete',
  'print',
  'export',
  'sign-in',
  'sign-out',
  'lock',
  'failed-sign-in',
] as const satisfies readonly AuditAction[];

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  workstation: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  channel: z.string().nullable(),
  patientIds: z.array(z.string()),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

const isoInstant = z.iso.datetime({ offset: true });

/** What the admin screen filters by; every filter is optional and they combine with AND. */
export const auditFilterSchema = z.strictObject({
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  username: z.string().trim().max(64).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  patientId: z.string().trim().max(64).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditPageSchema = auditFilterSchema.extend({
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});

export const auditProblemSchema = z.object({
  seq: z.number().int(),
  kind: z.enum(['edited', 'removed-or-reordered']),
  detail: z.string(),
});
export type AuditProblem = z.infer<typeof auditProblemSchema>;

export const auditVerificationSchema = z.object({
  entries: z.number().int(),
  intact: z.boolean(),
  problems: z.array(auditProblemSchema),
  /** The hash of the newest entry: write it down to notice a cut-off tail later. */
  head: z.string(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

const ADMIN = ['admin'] as const;

const isFiltered = (filter: AuditFilter) =>
  Boolean(filter.from || filter.to || filter.username || filter.action || filter.patientId);

export const auditChannels = {
  /**
   * Reading the audit is on the record too (it names patients and who saw them): a
   * page with a filter is a `search`, without one a `view`.
   */
  'audit.list': defineChannel({
    name: 'audit.list',
    input: auditPageSchema,
    output: z.object({ entries: z.array(auditEntrySchema), total: z.number().int() }),
    phi: 'read',
    audit: (input) => (isFiltered(input) ? 'search' : 'view'),
    auditPatients: (input) => (input.patientId ? [input.patientId] : []),
    roles: ADMIN,
  }),
  /** The filtered audit as CSV; the export is itself an audited event. */
  'audit.export': defineChannel({
    name: 'audit.export',
    input: auditFilterSchema,
    output: z.object({ filename: z.string(), csv: z.string(), count: z.number().int() }),
    phi: 'read',
    audit: 'export',
    roles: ADMIN,
  }),
  'audit.verify': defineChannel({
    name: 'audit.verify',
    input: z.strictObject({}),
    output: auditVerificationSchema,
    phi: 'none',
    roles: ADMIN,
  }),
};
