import { useId, type ReactNode } from 'react';
import { useFormContext } from 'react-hook-form';
import type { IntakeInput } from '../../../src-shared/patients/intake';

/** The intake form's field names, dotted (`contact.phones.0.number`). */
type Name = Parameters<ReturnType<typeof useFormContext<IntakeInput>>['register']>[0];

function useField(name: Name) {
  const id = useId();
  const { register, formState, getFieldState } = useFormContext<IntakeInput>();
  const error = getFieldState(name, formState).error?.message;
  return { id, error, input: register(name) };
}

function described(id: string, hint: ReactNode, error: string | undefined) {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Messages({ id, hint, error }: { id: string; hint: ReactNode; error: string | undefined }) {
  return (
    <>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

interface TextProps {
  name: Name;
  label: string;
  hint?: ReactNode;
  type?: 'text' | 'tel' | 'email';
  inputMode?: 'numeric' | 'text' | 'tel' | 'email';
  wide?: boolean;
  multiline?: boolean;
}

/** A visibly labelled input whose hint and error are tied to it (aria-describedby); the error is read out. */
export function TextField({ name, label, hint, type = 'text', inputMode, wide, multiline }: TextProps) {
  const { id, error, input } = useField(name);
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described(id, hint, error),
    ...input,
  };
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea rows={2} {...common} />
      ) : (
        <input type={type} inputMode={inputMode} autoComplete="off" {...common} />
      )}
      <Messages id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  options,
  blank = 'Not asked',
  wide,
}: {
  name: Name;
  label: string;
  options: readonly string[] | ReadonlyArray<readonly [string, string]>;
  blank?: string | null;
  wide?: boolean;
}) {
  const { id, error, input } = useField(name);
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={described(id, null, error)} {...input}>
        {blank !== null && <option value="">{blank}</option>}
        {options.map((o) => {
          const [value, text] = typeof o === 'string' ? [o, capitalise(o)] : o;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
      <Messages id={id} hint={null} error={error} />
    </div>
  );
}

export function CheckboxField({ name, label }: { name: Name; label: string }) {
  const { id, error, input } = useField(name);
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" aria-describedby={described(id, null, error)} {...input} />
      <label htmlFor={id}>{label}</label>
      <Messages id={id} hint={null} error={error} />
    </div>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
