/**
 * Which URLs may leave the app for the OS (browser, mail client, dialer). Opening
 * an arbitrary URL with the OS is code execution by another name (`file:`,
 * `smb:`, custom handlers), so only these schemes and hosts ever reach
 * `shell.openExternal`.
 */
export interface ExternalLinkRule {
  scheme: 'https:' | 'mailto:' | 'tel:';
  /** For https: the exact host names allowed (no wildcards). */
  hosts?: readonly string[];
}

export const EXTERNAL_LINK_ALLOWLIST: readonly ExternalLinkRule[] = [
  // Product help and the clinic's own support pages; extend here, reviewed.
  { scheme: 'https:', hosts: ['caredesk.health', 'help.caredesk.health'] },
  { scheme: 'mailto:' },
  // Click-to-dial hands a phone number to the OS dialer or softphone.
  { scheme: 'tel:' },
];

const TEL = /^tel:\+?[0-9()\-. ]{3,32}$/;
const MAILTO = /^mailto:[^\s/\\?#:]+@[A-Za-z0-9.-]+$/;

export function isAllowedExternalUrl(
  url: string,
  allowlist: readonly ExternalLinkRule[] = EXTERNAL_LINK_ALLOWLIST,
): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const rule = allowlist.find((r) => r.scheme === parsed.protocol);
  if (!rule) return false;
  switch (rule.scheme) {
    case 'https:':
      // Credentials in a URL are a phishing trick; a non-default port is not a help page.
      if (parsed.username || parsed.password || parsed.port) return false;
      return (rule.hosts ?? []).includes(parsed.hostname.toLowerCase());
    case 'mailto:':
      return MAILTO.test(url);
    case 'tel:':
      return TEL.test(decodeURIComponent(url));
  }
}
