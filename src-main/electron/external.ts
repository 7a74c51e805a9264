import type { Shell } from 'electron';
import { log } from '../log';
import { isAllowedExternalUrl } from './external-links';

/**
 * The only caller of `shell.openExternal` in the app. The URL is checked against
 * the allowlist in external-links.ts first; anything else is logged (scheme only:
 * the rest of a URL may carry PHI) and dropped.
 */
export async function openAllowedExternal(shell: Pick<Shell, 'openExternal'>, url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) {
    log.warn({ scheme: url.split(':')[0]?.slice(0, 20) }, 'refused to open an external URL');
    return false;
  }
  // Checked just above against the allowlist (external-links.ts).
  await shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  return true;
}
