import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { eq } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

export type HubDb = PgDatabase<PgQueryResultHKT, typeof schema>;
export type HubTx = Parameters<Parameters<HubDb['transaction']>[0]>[0];

/** Something that can run the hub's queries: a plain database or an open transaction. */
export type Queryable = HubDb | HubTx;

export const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * The hub's database, whichever home it runs in: a PostgreSQL server when a URL
 * is given (production, the hub's tests), else PGlite in a folder (development).
 * The rest of src-server sees only `HubDb`.
 */
export interface HubDatabase {
  db: HubDb;
  kind: 'postgres' | 'pglite';
  /** Calls `onNotify` with the payload of every `NOTIFY channel` from any hub on this database. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export async function openHubDatabase(options: { url?: string; dataDir?: string }): Promise<HubDatabase> {
  const opened = options.url ? openPostgres(options.url) : openPglite(options.dataDir);
  const hub = await opened;
  await ensureEpoch(hub.db);
  return hub;
}

async function openPostgres(url: string): Promise<HubDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (a restart, pg_terminate_backend, DROP DATABASE … FORCE)
  // is dropped from the pool and the next query opens another; unhandled, it would end the hub.
  pool.on('error', () => undefined);
  const db = drizzlePg({ client: pool, schema });
  await migratePg(db, { migrationsFolder: MIGRATIONS });
  return {
    db: db as unknown as HubDb,
    kind: 'postgres',
    async listen(channel, onNotify) {
      // LISTEN needs one connection of its own for as long as we listen.
      const client = new pg.Client({ connectionString: url });
      // A listener connection dropping must not take the hub down; notices are a hint.
      // Listened for before connecting: the connection can drop while it is being made.
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel === channel) onNotify(n.payload ?? '');
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return () => client.end();
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string | undefined): Promise<HubDatabase> {
  const client = new PGlite(dataDir, { extensions: { btree_gist } });
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS });
  return {
    db: db as unknown as HubDb,
    kind: 'pglite',
    async listen(channel, onNotify) {
      const unlisten = await client.listen(channel, onNotify);
      return () => unlisten();
    },
    close: () => client.close(),
  };
}

/** The epoch is made once per database; `hub-admin new-epoch` replaces it after a restore. */
async function ensureEpoch(db: HubDb): Promise<void> {
  await db.insert(schema.hubMeta).values({ key: 'epoch', value: randomUUID() }).onConflictDoNothing();
}

export async function readEpoch(db: Queryable): Promise<string> {
  const [row] = await db.select().from(schema.hubMeta).where(eq(schema.hubMeta.key, 'epoch'));
  if (!row) throw new Error('The hub database has no epoch');
  return row.value;
}

export async function rotateEpoch(db: HubDb): Promise<string> {
  const epoch = randomUUID();
  await db.update(schema.hubMeta).set({ value: epoch }).where(eq(schema.hubMeta.key, 'epoch'));
  return epoch;
}
