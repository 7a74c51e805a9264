import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  deviceCredentialSchema,
  enrollRequestSchema,
  pullQuerySchema,
  PULL_FORMAT_HEADER,
  PULL_FORMATS,
  type PullFormat,
  isPushRequest,
  pushRequestSchema,
  signInRequestSchema,
  MAX_BATCH_CHANGES,
  PROTOCOL_VERSION,
  type HubErrorBody,
  type HubErrorCode,
  type PushRequest,
} from '../src-shared/sync/protocol';
import { fieldErrors } from '../src-shared/validation';
import { readEpoch, type HubDatabase } from './db/connect';
import { devices, orgSequences } from './db/schema';
import { authenticate, authenticateDevice, AuthError, enrollDevice, signIn } from './auth/sessions';
import { sha256 } from './auth/secrets';
import { accountRoster } from './admin/tenants';
import { NoticeBoard } from './sync/notices';
import { pullPageJson } from './sync/pull';
import {
  BatchGapError,
  BatchMismatchError,
  EpochChangedError,
  ForeignDeviceError,
  pushBatch,
  type Caller,
} from './sync/push';

export interface HubOptions {
  database: HubDatabase;
  /** Requests per minute per token (or per address, unauthenticated). */
  rateLimitPerMinute?: number;
  /** Enrollment and sign-in attempts per minute per address: these guard secrets. */
  authAttemptsPerMinute?: number;
  logLevel?: string;
  /** Injected in tests to move the hub's clock. */
  now?: () => number;
}

/**
 * A push of MAX_BATCH_CHANGES ordinary changes (~1 MB) is well below this, and a
 * workstation cuts its batches to fit (PUSH_BODY_BUDGET); anything larger is refused unread.
 */
export const PUSH_BODY_LIMIT = 4 * 1024 * 1024;
const SMALL_BODY_LIMIT = 16 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/**
 * The clinic sync hub's HTTP API. It holds no state of its own: everything lives
 * in PostgreSQL, so any number of these run behind a load balancer.
 */
export async function buildHub(options: HubOptions): Promise<FastifyInstance> {
  const { database } = options;
  const { db } = database;
  const app = Fastify({
    logger: options.logLevel ? { level: options.logLevel } : false,
    bodyLimit: SMALL_BODY_LIMIT,
    // Behind a TLS-terminating proxy the client address comes from X-Forwarded-For.
    trustProxy: process.env.CAREDESK_HUB_TRUST_PROXY === '1',
  });
  const notices = new NoticeBoard();
  await notices.start(database);
  // Before the server closes, not after: it waits for every open connection, and a
  // workstation's notice stream stays open until the hub ends it.
  app.addHook('preClose', () => notices.stop());

  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 1200,
    timeWindow: '1 minute',
    keyGenerator: (req) => {
      const token = bearer(req);
      return token ? `t:${sha256(token)}` : `a:${req.ip}`;
    },
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', message: `Too many requests; try again in ${context.after}` },
    }),
  });
  const authLimit = { rateLimit: { max: options.authAttemptsPerMinute ?? 20, timeWindow: '1 minute' } };

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _req, reply) => {
    if (error.statusCode === 429) return reply.code(429).send(error);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return fail(reply, 413, 'TOO_LARGE', 'The request is too large');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
      return fail(reply, 400, 'VALIDATION', 'The request body is not valid JSON');
    if (error instanceof BatchGapError)
      return fail(reply, 409, 'BATCH_GAP', error.message, { expectedBatchSeq: error.expectedBatchSeq });
    if (error instanceof BatchMismatchError)
      return fail(reply, 409, 'BATCH_MISMATCH', error.message, { expectedBatchSeq: error.expectedBatchSeq });
    if (error instanceof EpochChangedError)
      return fail(reply, 409, 'EPOCH_CHANGED', error.message, { epoch: error.epoch });
    if (error instanceof AuthError) return fail(reply, 401, 'UNAUTHENTICATED', error.message);
    if (error instanceof ForeignDeviceError) return fail(reply, 403, 'FORBIDDEN', error.message);
    // Never echo an unexpected error: it may quote the request.
    app.log.error({ errorName: error.name, code: error.code }, 'request failed');
    return fail(reply, 500, 'INTERNAL', 'The hub could not complete the request');
  });

  const requireCaller = async (req: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(req);
    const caller = token ? await authenticate(db, token) : null;
    if (!caller) return fail(reply, 401, 'UNAUTHENTICATED', 'Sign in again');
    req.caller = caller;
  };

  app.get('/v1/health', async () => {
    await db.execute(sql`SELECT 1`);
    return { status: 'ok', protocol: PROTOCOL_VERSION };
  });

  app.post('/v1/enroll', { config: authLimit }, async (req, reply) => {
    const body = parse(enrollRequestSchema, req.body, reply);
    if (!body) return reply;
    return enrollDevice(db, body.code, body.deviceName);
  });

  app.post('/v1/sign-in', { config: authLimit }, async (req, reply) => {
    const body = parse(signInRequestSchema, req.body, reply);
    if (!body) return reply;
    return signIn(db, body);
  });

  app.post('/v1/push', { bodyLimit: PUSH_BODY_LIMIT }, async (req, reply) => {
    const token = bearer(req);
    if (!token) return fail(reply, 401, 'UNAUTHENTICATED', 'Sign in again');
    const push = (body: PushRequest) =>
      pushBatch(db, { tokenHash: sha256(token), deviceId: body.deviceId }, body, { now: options.now });
    // A well-formed push is taken as it came (decision 0132) and its token is checked
    // inside its transaction, with the device's row (decision 0135): one round trip less.
    // Field values came out of JSON.parse: JSON values, as PushRequest types them.
    if (isPushRequest(req.body)) return push(req.body);
    // Anything else is answered as before: the token first, then the size, then the schema's errors.
    const caller = await authenticate(db, token);
    if (!caller) return fail(reply, 401, 'UNAUTHENTICATED', 'Sign in again');
    // More changes than this hub takes: said plainly, with the number, so a newer
    // workstation (or one that guessed) sends smaller batches; nothing is read.
    const sent = (req.body as { changes?: unknown } | null)?.changes;
    if (Array.isArray(sent) && sent.length > MAX_BATCH_CHANGES)
      return fail(reply, 413, 'TOO_LARGE', `A push carries at most ${MAX_BATCH_CHANGES} changes`, {
        maxBatchChanges: MAX_BATCH_CHANGES,
      });
    const body = parse(pushRequestSchema, req.body, reply);
    if (!body) return reply;
    return push(body as PushRequest);
  });

  app.get('/v1/pull', { preHandler: requireCaller }, async (req, reply) => {
    const query = parse(pullQuerySchema, req.query, reply);
    if (!query) return reply;
    // A header, not a query parameter: a hub older than 0145 ignores it and answers
    // format 1, where its strict query check would refuse an unknown parameter.
    const format = req.headers[PULL_FORMAT_HEADER] ?? '1';
    if (!PULL_FORMATS.includes(format as PullFormat))
      return fail(
        reply,
        400,
        'VALIDATION',
        `Unknown pull page format; ${PULL_FORMAT_HEADER} is one of ${PULL_FORMATS.join(', ')}`,
      );
    // The page arrives as JSON text from PostgreSQL and goes out as its bytes.
    return reply
      .type('application/json; charset=utf-8')
      .send(await pullPageJson(db, req.caller!.orgId, query.after, query.limit, format as PullFormat));
  });

  app.get('/v1/device', { preHandler: requireCaller }, async (req) => {
    const { orgId, deviceId } = req.caller!;
    const [device] = await db
      .select({ lastBatchSeq: devices.lastBatchSeq })
      .from(devices)
      .where(and(eq(devices.orgId, orgId), eq(devices.id, deviceId)));
    const [sequence] = await db.select().from(orgSequences).where(eq(orgSequences.orgId, orgId));
    return {
      deviceId,
      lastBatchSeq: device?.lastBatchSeq ?? 0,
      epoch: await readEpoch(db),
      highWater: sequence?.lastSeq ?? 0,
    };
  });

  // The organization's accounts, for the workstation's offline sign-in (and who is disabled).
  // The device credential authenticates: a disabled person's token no longer does.
  app.post('/v1/accounts', async (req, reply) => {
    const body = parse(deviceCredentialSchema, req.body, reply);
    if (!body) return reply;
    const orgId = await authenticateDevice(db, body.deviceId, body.deviceSecret);
    if (!orgId) return fail(reply, 401, 'UNAUTHENTICATED', 'Unknown or revoked device credential');
    return accountRoster(db, orgId);
  });

  app.get('/v1/notices', { preHandler: requireCaller }, async (req, reply) => {
    const { orgId } = req.caller!;
    const [sequence] = await db.select().from(orgSequences).where(eq(orgSequences.orgId, orgId));
    reply.hijack();
    notices.subscribe(orgId, reply.raw, sequence?.lastSeq ?? 0);
  });

  return app;
}

function bearer(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || null : null;
}

function parse<S extends z.ZodType>(schema: S, input: unknown, reply: FastifyReply): z.output<S> | null {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  void fail(reply, 400, 'VALIDATION', 'The request does not match the protocol', {
    fields: fieldErrors(parsed.error),
  });
  return null;
}

function fail(
  reply: FastifyReply,
  status: number,
  code: HubErrorCode,
  message: string,
  extra: Omit<HubErrorBody['error'], 'code' | 'message'> = {},
): FastifyReply {
  const body: HubErrorBody = { error: { code, message, ...extra } };
  return reply.code(status).send(body);
}
