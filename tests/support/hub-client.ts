import { randomUUID } from 'node:crypto';
import { formatHlc } from '../../src-shared/hlc';
import type { HubErrorBody, PullResponse, PushResponse, SyncChange } from '../../src-shared/sync/protocol';
import type { Clinic, TestHub } from './hub';

/** Any answer of the hub, read loosely: each test looks at the part its endpoint returns. */
export type ApiBody = PushResponse & PullResponse & HubErrorBody & Record<string, unknown>;
export interface ApiResponse {
  status: number;
  body: ApiBody;
}

/** A device enrolled and signed in over plain HTTP, for tests of the hub's API itself. */
export interface RawDevice {
  deviceId: string;
  token: string;
  call(method: 'GET' | 'POST', path: string, body?: unknown, raw?: string): Promise<ApiResponse>;
  push(batchSeq: number, changes: SyncChange[], epoch?: string | null): Promise<ApiResponse>;
}

export async function rawDevice(hub: TestHub, clinic: Clinic, name = 'api test'): Promise<RawDevice> {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, raw?: string, token?: string) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as ApiBody };
  };
  const enrolled = await call('POST', '/v1/enroll', { code: await clinic.enrollmentCode(), deviceName: name });
  if (enrolled.status !== 200) throw new Error(`enroll failed: ${JSON.stringify(enrolled.body)}`);
  const signedIn = await call('POST', '/v1/sign-in', {
    deviceId: enrolled.body.deviceId,
    deviceSecret: enrolled.body.deviceSecret,
    username: clinic.username,
    password: clinic.password,
  });
  if (signedIn.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.body)}`);
  const token = signedIn.body.token as string;
  const deviceId = enrolled.body.deviceId as string;
  return {
    deviceId,
    token,
    call: (method, path, body, raw) => call(method, path, body, raw, token),
    push: (batchSeq, changes, epoch = null) =>
      call('POST', '/v1/push', { deviceId, epoch, batchSeq, changes }, undefined, token),
  };
}

let counter = 0;
/** A change as a workstation's outbox would send it, stamped now (or `offsetMs` from now). */
export function change(
  table: string,
  rowId: string,
  op: SyncChange['op'],
  fields: SyncChange['fields'],
  options: { offsetMs?: number; baseCursor?: number; node?: string } = {},
): SyncChange {
  return {
    changeId: randomUUID(),
    table,
    rowId,
    op,
    fields,
    hlc: formatHlc({
      wallMs: Date.now() + (options.offsetMs ?? 0),
      counter: counter++ % 99_999,
      nodeId: options.node ?? 'ws_test',
    }),
    baseCursor: options.baseCursor ?? 0,
    userId: null,
  };
}
