import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { openHubDatabase } from './db/connect';
import { buildHub } from './app';
import { stopHub } from './stop';

/**
 * `npm run server -- --port PORT [--data-dir DIR] [--host HOST]`. A PostgreSQL server
 * when DATABASE_URL is set; otherwise PGlite in DIR (development only).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number`);
  const url = process.env.DATABASE_URL;
  const dataDir = url ? undefined : resolve(values['data-dir'] ?? '.caredesk-hub');
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const database = await openHubDatabase({ url, dataDir });
  const hub = await buildHub({ database, logLevel: process.env.CAREDESK_HUB_LOG_LEVEL ?? 'info' });
  const address = await hub.listen({ port, host: values.host });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // stopHub never rejects: a failure is reported and becomes a non-zero exit.
    void stopHub({ hub, database }, signal).then((code) => process.exit(code));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Said once the handlers are in place: a supervisor may stop the hub as soon as it reads this.
  console.log(`CareDesk hub (${database.kind}) listening on ${address}`);
}

main().catch((error: unknown) => {
  console.error(`CareDesk hub could not start: ${(error as Error).message}`);
  process.exit(1);
});
