import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { POLICY_KINDS, type PolicyKey } from '../../src-shared/policy/schema';
import { PolicySourceError, type PolicySource } from './policy-source';

export type RunReg = (args: string[]) => Promise<{ stdout: string; exitCode: number }>;

/** The real `reg.exe`. Exit code 1 with "unable to find" means the key does not exist. */
export const runReg: RunReg = async (args) => {
  try {
    const { stdout } = await promisify(execFile)('reg', args, { windowsHide: true, timeout: 10_000 });
    return { stdout, exitCode: 0 };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string };
    if (typeof failed.code === 'number') return { stdout: failed.stdout ?? '', exitCode: failed.code };
    throw error;
  }
};

const LINE = /^\s{4}(\S+)\s{4}(REG_SZ|REG_EXPAND_SZ|REG_DWORD|REG_QWORD)\s{4}(.*)$/;

/** Parses `reg query <key>` output into name -> typed value (DWORDs as numbers). */
export function parseRegQuery(stdout: string): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const line of stdout.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, name, type, data] = match as unknown as [string, string, string, string];
    values[name] = type === 'REG_DWORD' || type === 'REG_QWORD' ? Number.parseInt(data, 16) : data.trim();
  }
  return values;
}

/** Registry DWORDs carry booleans as 0/1; anything else is left for the schema to refuse. */
function toPolicyValue(key: string, raw: string | number): unknown {
  const kind = POLICY_KINDS[key as PolicyKey];
  if (kind === 'boolean' && (raw === 0 || raw === 1)) return raw === 1;
  if (kind === 'string' && raw === '') return null;
  return raw;
}

/**
 * Group Policy: `HKLM\Software\Policies\CareDesk` (or HKCU for per-user policy),
 * read with `reg query` behind the RunReg adapter so tests feed it real output.
 */
export function windowsRegistrySource(hive: 'HKLM' | 'HKCU', run: RunReg = runReg): PolicySource {
  const key = `${hive}\\Software\\Policies\\CareDesk`;
  return {
    name: key,
    async read() {
      const { stdout, exitCode } = await run(['query', key]);
      if (exitCode === 1) return null;
      if (exitCode !== 0) throw new PolicySourceError(`${key} could not be read (reg exited ${exitCode})`);
      const raw = parseRegQuery(stdout);
      return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, toPolicyValue(name, value)]));
    },
  };
}
