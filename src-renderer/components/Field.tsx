import { useId } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';

interface FieldProps {
  label: string;
  input: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'password';
  autoComplete?: string;
}

/**
 * A visibly labelled input whose hint and error are tied to it (aria-describedby)
 * and whose error is read out when it appears. The sign-in, account and admin forms
 * use it; the patient forms have their own, bound to the intake form.
 */
export function Field({ label, input, error, hint, type = 'text', autoComplete }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
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
    </div>
  );
}
