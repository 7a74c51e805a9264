import { useId, type ReactNode } from 'react';
import { fieldError } from './ClinicChoices';

/* The pieces every clinic set-up form is built from: a titled section, a labelled field with its error tied to it. */

export type Errors = Record<string, string>;
export const errorsOf = (e: { message: string; fields?: Record<string, string> }): Errors =>
  e.fields ?? { form: e.message };

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="setup-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A labelled input or select with its error read out with it. */
export function Field({
  label,
  name,
  errors,
  children,
}: {
  label: string;
  name: string;
  errors: Errors;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const error = fieldError(errors, name);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(error ? { id, 'aria-invalid': true, 'aria-describedby': `${id}-error` } : { id })}
      {error && (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A section's form state, its setter and its errors, as one value the fields bind to. */
export interface FormBinding<F> {
  form: F;
  setForm: (next: F) => void;
  errors: Errors;
}

/** A text, date or time input bound to one string field of a section's form. */
export function FormInput<K extends string, F extends Record<K, string>>({
  label,
  name,
  type = 'text',
  bind: { form, setForm, errors },
  autoFocus,
}: {
  label: string;
  name: K;
  type?: 'text' | 'date' | 'time';
  bind: FormBinding<F>;
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} name={name} errors={errors}>
      {(p) => (
        <input
          {...p}
          type={type}
          autoFocus={autoFocus}
          value={form[name]}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        />
      )}
    </Field>
  );
}

/** A number input bound to one numeric field of a section's form (minutes, counts). */
export function FormNumber<K extends string, F extends Record<K, number>>({
  label,
  name,
  min,
  max,
  bind: { form, setForm, errors },
}: {
  label: string;
  name: K;
  min: number;
  max: number;
  bind: FormBinding<F>;
}) {
  return (
    <Field label={label} name={name} errors={errors}>
      {(p) => (
        <input
          {...p}
          type="number"
          min={min}
          max={max}
          value={form[name]}
          onChange={(e) => setForm({ ...form, [name]: Number(e.target.value) })}
        />
      )}
    </Field>
  );
}

/** A select of fixed words (kinds, modalities) bound to one field of a section's form. */
export function FormSelect<K extends string, F extends Record<K, string>>({
  label,
  name,
  options,
  blank,
  bind: { form, setForm, errors },
}: {
  label: string;
  name: K;
  options: readonly string[];
  blank?: string;
  bind: FormBinding<F>;
}) {
  return (
    <Field label={label} name={name} errors={errors}>
      {(p) => (
        <select {...p} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })}>
          {blank !== undefined && <option value="">{blank}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function FormError({ errors }: { errors: Errors }) {
  if (Object.keys(errors).length === 0) return null;
  return (
    <p role="alert" className="error">
      {errors.form ?? 'Check the fields marked above'}
    </p>
  );
}
