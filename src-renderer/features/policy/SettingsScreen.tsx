import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { z } from 'zod';
import type { effectivePolicySchema } from '../../../src-shared/policy/contract';
import {
  POLICY_KEYS,
  POLICY_KINDS,
  policySchema,
  type Policy,
  type PolicyKey,
  type PolicySourceKind,
} from '../../../src-shared/policy/schema';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { useSession } from '../session/session-store';
import './settings.css';

type Effective = z.infer<typeof effectivePolicySchema>;

const TITLES: Record<PolicyKey, string> = {
  hubUrl: 'Clinic sync hub address',
  idleLockMinutes: 'Lock after this many idle minutes',
  passphraseMode: 'Passphrase mode',
  updaterEnabled: 'Automatic updates',
  ctiEndpointEnabled: 'Call events from the phone system (CTI)',
};

/** When a change takes hold: the idle lock re-reads its minutes at every restart of the timer. */
const TAKES_EFFECT: Record<PolicyKey, string> = {
  hubUrl: 'A change takes effect when CareDesk restarts.',
  idleLockMinutes: 'A change takes effect at once.',
  passphraseMode: 'A change takes effect when CareDesk restarts.',
  updaterEnabled: 'A change takes effect when CareDesk restarts.',
  ctiEndpointEnabled: 'A change takes effect when CareDesk restarts.',
};

const SOURCES: Record<PolicySourceKind, string> = {
  machine: 'set by your organization’s IT policy',
  user: 'changed on this workstation',
  default: 'the default',
};

type PolicyValue = Policy[PolicyKey];

function shown(key: PolicyKey, value: PolicyValue): string {
  if (value === null) return key === 'hubUrl' ? 'none (work offline)' : 'none';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

const asText = (value: PolicyValue) => (value === null ? '' : String(value));

/** What the person typed, as the value the schema checks; the schema's own message when it is wrong. */
function parse(key: PolicyKey, text: string, checked: boolean): { value: unknown } | { error: string } {
  let value: unknown;
  switch (POLICY_KINDS[key]) {
    case 'boolean':
      value = checked;
      break;
    case 'integer':
      // Empty is not "the default": the schema would quietly turn undefined into it.
      value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
      break;
    case 'string':
      value = text.trim() === '' ? null : text.trim();
  }
  const parsed = policySchema.shape[key].safeParse(value);
  return parsed.success ? { value: parsed.data } : { error: parsed.error.issues[0]?.message ?? 'Not a valid value' };
}

/**
 * Every IT setting, the value in force and where it comes from (IT policy, this
 * workstation, default). Keys IT policy sets are locked: shown, never editable.
 * Admins change the others; the same zod schema as the main process checks input.
 */
export function SettingsScreen() {
  const [effective, setEffective] = useState<Effective | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const isAdmin = useSession((s) => s.session?.user?.role === 'admin');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const load = useCallback(async () => {
    const result = await call('policy.current', {});
    if (result.ok) setEffective(result.value);
    else setProblem(result.error.message);
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <section aria-labelledby="settings-title" className="admin settings">
      <h1 id="settings-title" tabIndex={-1} ref={heading}>
        Settings
      </h1>
      {!isAdmin && <p>Only an admin can change settings on this workstation.</p>}
      {problem && <p role="alert">{problem}</p>}
      {effective?.problems.length ? (
        <div className="settings-problems">
          <h2>Problems found while reading the settings</h2>
          <ul>
            {effective.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {effective &&
        POLICY_KEYS.map((key) => (
          <Setting key={key} name={key} effective={effective} canChange={isAdmin} onSaved={setEffective} />
        ))}
    </section>
  );
}

function Setting({
  name,
  effective,
  canChange,
  onSaved,
}: {
  name: PolicyKey;
  effective: Effective;
  canChange: boolean;
  onSaved: (next: Effective) => void;
}) {
  const id = useId();
  const announce = useAnnouncer((s) => s.announce);
  const value = effective.values[name];
  const locked = effective.locked.includes(name);
  const kind = POLICY_KINDS[name];
  const [text, setText] = useState(asText(value));
  const [checked, setChecked] = useState(value === true);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const save = async () => {
    const parsed = parse(name, text, checked);
    if ('error' in parsed) {
      setError(parsed.error);
      input.current?.focus();
      return;
    }
    const result = await call('policy.set', { key: name, value: parsed.value });
    if (!result.ok) {
      setError(result.error.fields?.[name] ?? result.error.message);
      input.current?.focus();
      return;
    }
    setError(null);
    onSaved(result.value);
    setText(asText(result.value.values[name]));
    announce(`Saved: ${TITLES[name]} is ${shown(name, result.value.values[name])}`);
  };

  const describedBy = [
    `${id}-about`,
    `${id}-source`,
    locked || !canChange ? `${id}-why` : '',
    error ? `${id}-error` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const readOnly = locked || !canChange;
  return (
    <form
      className="setting"
      aria-labelledby={`${id}-label`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="setting-control">
        <label id={`${id}-label`} htmlFor={`${id}-input`}>
          {TITLES[name]}
        </label>
        {kind === 'boolean' ? (
          <input
            ref={input}
            id={`${id}-input`}
            type="checkbox"
            checked={checked}
            disabled={readOnly}
            aria-describedby={describedBy}
            onChange={(e) => setChecked(e.target.checked)}
          />
        ) : (
          <input
            ref={input}
            id={`${id}-input`}
            type="text"
            inputMode={kind === 'integer' ? 'numeric' : 'url'}
            spellCheck={false}
            autoComplete="off"
            value={text}
            disabled={readOnly}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => setText(e.target.value)}
          />
        )}
        {!readOnly && <button type="submit">Save</button>}
      </div>
      <p id={`${id}-about`} className="hint">
        {policySchema.shape[name].description} {TAKES_EFFECT[name]}
      </p>
      <p id={`${id}-source`} className="setting-source">
        In force: <strong>{shown(name, value)}</strong>, {SOURCES[effective.sources[name] ?? 'default']}.
      </p>
      {locked ? (
        <p id={`${id}-why`} className="setting-locked">
          Locked: your organization’s IT policy sets this on this computer, so it cannot be changed here. Ask IT.
        </p>
      ) : (
        !canChange && (
          <p id={`${id}-why`} className="setting-locked">
            Only an admin can change this.
          </p>
        )
      )}
      {error && (
        <p id={`${id}-error`} className="error" role="alert">
          {error}; nothing was saved.
        </p>
      )}
    </form>
  );
}
