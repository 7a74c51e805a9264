/**
 * A telehealth join link from a location's template. Only opaque ids go into the
 * link, never a name or date of birth: links travel by text message and email and
 * end up in browser histories (decision 0504).
 * Placeholders: `{appointment}`, `{location}`, `{provider}`.
 */
export const TELEHEALTH_PLACEHOLDERS = ['appointment', 'location', 'provider'] as const;

export function telehealthLink(
  template: string,
  ids: { appointment: string; location: string; provider: string },
): string {
  const link = template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    (TELEHEALTH_PLACEHOLDERS as readonly string[]).includes(name)
      ? encodeURIComponent(ids[name as keyof typeof ids])
      : whole,
  );
  if (!/^https:\/\//.test(link)) throw new Error('A telehealth link must be an https:// address');
  return link;
}

/** Whether a template is one we can build links from: https, and only known placeholders. */
export function validTelehealthTemplate(template: string): boolean {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return (
    /^https:\/\/[^\s/]+/.test(template) &&
    names.includes('appointment') &&
    names.every((n) => (TELEHEALTH_PLACEHOLDERS as readonly string[]).includes(n))
  );
}
