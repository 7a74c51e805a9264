import { isAscii } from 'node:buffer';
import type { z } from 'zod';
import {
  accountRosterSchema,
  checkedPushResponse,
  deviceStateSchema,
  enrollResponseSchema,
  hubErrorSchema,
  noticeSchema,
  pullResponseSchema,
  PULL_FORMAT_HEADER,
  pushResponseSchema,
  signInResponseSchema,
  type HubErrorBody,
  type HubErrorCode,
  type PullResponse,
  type PushRequest,
} from '../../src-shared/sync/protocol';

export type Fetch = typeof fetch;

/** A failed hub call. `NETWORK`: no answer at all (offline, refused, timed out). */
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: HubErrorCode | 'NETWORK' | 'BAD_RESPONSE',
    message: string,
    readonly detail: HubErrorBody['error'] | null = null,
  ) {
    super(message);
    this.name = 'HubError';
  }

  /** Worth retrying later as is: the hub is unreachable or failing, not refusing. */
  get transient(): boolean {
    return this.code === 'NETWORK' || this.code === 'RATE_LIMITED' || this.status >= 500;
  }
}

/**
 * The workstation's side of the wire protocol: every response is checked against
 * its schema in src-shared/sync/protocol.ts before anything is written locally.
 */
export class HubClient {
  constructor(
    readonly baseUrl: string,
    private readonly fetchFn: Fetch = fetch,
    private readonly timeoutMs = 20_000,
  ) {}

  enroll(code: string, deviceName: string) {
    return this.call(enrollResponseSchema, 'POST', '/v1/enroll', { body: { code, deviceName } });
  }

  signIn(body: { deviceId: string; deviceSecret: string; username: string; password: string }) {
    return this.call(signInResponseSchema, 'POST', '/v1/sign-in', { body });
  }

  push(token: string, body: PushRequest) {
    // A well-formed answer is checked in place, not copied by the schema (decision 0132).
    return this.call(pushResponseSchema, 'POST', '/v1/push', { token, body, checked: checkedPushResponse });
  }

  pull(token: string, after: number, limit: number): Promise<PullResponse> {
    // Rows as arrays (decision 0145); a hub before 0145 answers rows as objects, read as well.
    return this.call(pullResponseSchema, 'GET', `/v1/pull?after=${after}&limit=${limit}`, {
      token,
      headers: { [PULL_FORMAT_HEADER]: '2' },
      texts: this.pulledTexts,
    });
  }

  /**
   * A page `pull` answered, parsed and checked again from the text it came in, for as long as
   * that page object lives (decision 0190): the engine lets go of a page's parsed rows while the
   * page writer writes them, and reads them again only if the writer declines the page.
   */
  pulledAgain(page: PullResponse): PullResponse {
    const text = this.pulledTexts.get(page);
    if (text === undefined) throw new Error('This page was not pulled by this client');
    return checkedAnswer(pullResponseSchema, JSON.parse(text), 200, '/v1/pull');
  }

  /** The text each pulled page came in, kept as long as the page (decision 0190). */
  private readonly pulledTexts = new WeakMap<object, string>();

  accounts(device: { deviceId: string; deviceSecret: string }) {
    return this.call(accountRosterSchema, 'POST', '/v1/accounts', { body: device });
  }

  device(token: string) {
    return this.call(deviceStateSchema, 'GET', '/v1/device', { token });
  }

  /**
   * Holds the server-sent event stream open and calls `onNotice` with the hub's
   * high-water mark at connect and after every commit. Resolves when the stream
   * ends; rejects with a HubError when it cannot be opened.
   */
  async notices(token: string, onNotice: (highWater: number) => void, signal: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await this.fetchFn(new URL('/v1/notices', this.baseUrl), {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal,
      });
    } catch (error) {
      throw new HubError(0, 'NETWORK', `The hub cannot be reached (${(error as Error).message})`);
    }
    if (!response.ok || !response.body) throw await errorFrom(response);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (!data) continue;
        const notice = noticeSchema.safeParse(JSON.parse(data));
        if (notice.success) onNotice(notice.data.highWater);
      }
    }
  }

  private async call<S extends z.ZodType>(
    schema: S,
    method: 'GET' | 'POST',
    path: string,
    { token, body, checked, headers: extraHeaders = {}, texts }: CallOptions<z.output<S>> = {},
  ): Promise<z.output<S>> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchFn(new URL(path, this.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new HubError(0, 'NETWORK', `The hub cannot be reached (${(error as Error).message})`);
    }
    if (!response.ok) throw await errorFrom(response);
    let text: string;
    let json: unknown;
    try {
      text = await bodyText(response);
      json = JSON.parse(text);
    } catch (error) {
      throw new HubError(0, 'NETWORK', `The hub's answer was cut off (${(error as Error).message})`);
    }
    const fast = checked?.(json);
    if (fast) return fast;
    const answer = checkedAnswer(schema, json, response.status, path);
    if (texts && typeof answer === 'object' && answer !== null) texts.set(answer, text);
    return answer;
  }
}

/** The hub's answer as its schema reads it, or the error a malformed answer gets. */
function checkedAnswer<S extends z.ZodType>(schema: S, json: unknown, status: number, path: string): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new HubError(status, 'BAD_RESPONSE', `Unexpected answer from the hub to ${path}`);
  return parsed.data;
}

/** What a call sends besides its method and path, and how its answer is read. */
interface CallOptions<T> {
  /** The session token, for calls made as a signed-in user. */
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Checks a well-formed answer in place; null sends it through the schema instead. */
  checked?: (json: unknown) => T | null;
  headers?: Record<string, string>;
  /** Keeps the text the answer came in, keyed by the parsed answer (decision 0190). */
  texts?: WeakMap<object, string>;
}

const utf8 = new TextDecoder();

/**
 * The body as `response.json()` decodes it before parsing, decoded faster when it is all ASCII (a
 * first sync's pages of appointments, decision 0175): Node's UTF-8 decoder took ~11 ms for a
 * 3 MB page where the ASCII one takes under 1 ms, and `isAscii` checks the bytes in a
 * fraction of that. Any other byte (an accented name, a BOM) is decoded as before.
 */
async function bodyText(response: Response): Promise<string> {
  const bytes = Buffer.from(await response.arrayBuffer());
  return isAscii(bytes) ? bytes.toString('ascii') : utf8.decode(bytes);
}

async function errorFrom(response: Response): Promise<HubError> {
  const body = hubErrorSchema.safeParse(await response.json().catch(() => null));
  if (body.success)
    return new HubError(response.status, body.data.error.code, body.data.error.message, body.data.error);
  return new HubError(
    response.status,
    response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE',
    `Hub answered ${response.status}`,
  );
}
