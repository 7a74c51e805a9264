import { readFile } from 'node:fs/promises';
import { PolicySourceError, type PolicySource } from './policy-source';

/** A JSON object in a file (Linux machine policy `/etc/caredesk/policy.json`, user settings). */
export function jsonFileSource(path: string): PolicySource {
  return {
    name: path,
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new PolicySourceError(`${path} cannot be read: ${(error as Error).message}`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new PolicySourceError(`${path} is not valid JSON (${(error as Error).message}); it was ignored`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new PolicySourceError(`${path} must hold a JSON object of settings; it was ignored`);
      return parsed as Record<string, unknown>;
    },
  };
}
