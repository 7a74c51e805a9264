import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ROLES, type Role } from '../../src-shared/roles';
import { pruneSyncHistory } from '../sync/prune';
import { openHubDatabase, rotateEpoch } from '../db/connect';
import { createOrganization, createUser, issueEnrollmentCode, setUserDisabled } from './tenants';

const USAGE = `npm run hub-admin -- <command> [options]   (DATABASE_URL, or --data-dir for PGlite)
  create-org   --name NAME
  create-user  --org ORG_ID --username NAME --display-name "Full Name" --role ${ROLES.join('|')}
               (the password is read from the first line of standard input)
  enroll-code  --org ORG_ID [--hours 24]
  disable-user --org ORG_ID --username NAME   (signs them out of the hub at once; workstations follow at their next sync)
  enable-user  --org ORG_ID --username NAME
  new-epoch    after restoring the hub database from a backup: workstations re-send and re-pull
  prune        drop batch answers and change results older than the outbox window [--days 30]`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      role: { type: 'string' },
      hours: { type: 'string', default: '24' },
      days: { type: 'string', default: '30' },
    },
  });
  const need = (key: keyof typeof values): string => {
    const value = values[key];
    if (typeof value !== 'string' || !value) throw new Error(`--${key} is required\n\n${USAGE}`);
    return value;
  };
  const command = positionals[0];
  if (
    !command ||
    !['create-org', 'create-user', 'enroll-code', 'disable-user', 'enable-user', 'new-epoch', 'prune'].includes(command)
  ) {
    throw new Error(USAGE);
  }
  // Read before the database opens: PGlite's runtime takes over standard input.
  const password = command === 'create-user' ? await firstLine() : '';
  const url = process.env.DATABASE_URL;
  const database = await openHubDatabase({
    url,
    dataDir: url ? undefined : resolve(values['data-dir'] ?? '.caredesk-hub'),
  });
  try {
    switch (command) {
      case 'create-org':
        console.log(JSON.stringify(await createOrganization(database.db, need('name'))));
        break;
      case 'create-user': {
        const role = need('role');
        if (!ROLES.includes(role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
        const user = await createUser(database.db, {
          orgId: need('org'),
          username: need('username'),
          displayName: need('display-name'),
          role: role as Role,
          password,
        });
        console.log(JSON.stringify(user));
        break;
      }
      case 'enroll-code': {
        const { code, expiresAt } = await issueEnrollmentCode(database.db, need('org'), Number(values.hours));
        console.log(JSON.stringify({ code, expiresAt: expiresAt.toISOString() }));
        break;
      }
      case 'disable-user':
      case 'enable-user':
        console.log(
          JSON.stringify(await setUserDisabled(database.db, need('org'), need('username'), command === 'disable-user')),
        );
        break;
      case 'new-epoch':
        console.log(JSON.stringify({ epoch: await rotateEpoch(database.db) }));
        break;
      case 'prune': {
        const days = Number(values.days);
        if (!Number.isFinite(days) || days < 30) throw new Error('--days must be at least 30 (the outbox window)');
        console.log(JSON.stringify(await pruneSyncHistory(database.db, new Date(Date.now() - days * 86_400_000))));
        break;
      }
    }
  } finally {
    await database.close();
  }
}

// Passwords never go on the command line, where `ps` and shell history would keep them.
async function firstLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (!line) throw new Error('Give the password on standard input');
  return line;
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
