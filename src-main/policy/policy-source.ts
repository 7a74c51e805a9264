/** One place machine policy can come from (a file, the registry, managed preferences). */
export interface PolicySource {
  /** Where, in words IT recognises: `/etc/caredesk/policy.json`, `HKLM\Software\Policies\CareDesk`. */
  readonly name: string;
  /** The raw key/value pairs, or null when this source is absent. Throws PolicySourceError when unreadable. */
  read(): Promise<Record<string, unknown> | null>;
}

export class PolicySourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicySourceError';
  }
}
