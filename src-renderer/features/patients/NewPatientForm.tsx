import { useId } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';

// The patient intake is IntakeForm.tsx (fields.tsx has its fields). This simple field
// stays here because the sign-in and user screens import it from this path.

interface FieldProps {
  label: string;
  input: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: string;
  type?: string;
  inputMode?: 'numeric' | 'text';
  autoComplete?: string;
}

/** A visibly labelled input whose error is tied to it (aria-describedby), read out when it appears. */
export function Field({ label, input, error, hint, type = 'text', inputMode, autoComplete }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        inputMode={inputMode}
        autoComplete={autoComplete}
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
