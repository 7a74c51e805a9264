import { useEffect, useId } from 'react';
import { useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { newPatientSchema, type NewPatient, type NewPatientInput } from '../../../src-shared/patients/schemas';
import { parseCalendarDate, ageOn } from '../../../src-shared/dates';
import { call } from '../../ipc/client';
import { useNavigation } from '../../app/navigation';
import { useAnnouncer } from '../../app/announcer';
import { useActiveForm } from '../../app/active-form';

/** The New patient form: four fields, validated when each is left, saved with Ctrl+S. */
export function NewPatientForm() {
  const { go, setDirty } = useNavigation();
  const announce = useAnnouncer((s) => s.announce);
  const setSave = useActiveForm((s) => s.setSave);
  const {
    register,
    handleSubmit,
    setError,
    watch,
    setFocus,
    formState: { errors, isDirty, isSubmitting },
  } = useForm<NewPatientInput, unknown, NewPatient>({
    resolver: zodResolver(newPatientSchema),
    mode: 'onBlur',
    defaultValues: { firstName: '', lastName: '', dateOfBirth: '', phone: '' },
  });

  const save = handleSubmit(
    async (patient) => {
      const result = await call('patients.create', patient);
      if (result.ok) {
        setDirty(false);
        announce(`Saved ${result.value.firstName} ${result.value.lastName}, ${result.value.mrn}`);
        go({ name: 'patient', patientId: result.value.id });
        return;
      }
      for (const [field, message] of Object.entries(result.error.fields ?? {})) {
        setError(field as keyof NewPatientInput, { message });
      }
      announce(`Not saved: ${result.error.message}`);
    },
    (invalid) => {
      const first = Object.keys(invalid)[0] as keyof NewPatientInput | undefined;
      if (first) setFocus(first);
      announce('Not saved: some fields need attention');
    },
  );

  useEffect(() => setDirty(isDirty), [isDirty, setDirty]);
  useEffect(() => {
    setSave(() => void save());
    return () => setSave(null);
  }, [save, setSave]);
  useEffect(() => setFocus('firstName'), [setFocus]);

  const dob = parseCalendarDate(watch('dateOfBirth') ?? '');
  return (
    <form
      className="form"
      aria-labelledby="new-patient-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h1 id="new-patient-title">New patient</h1>
      <div className="form-grid">
        <Field label="First name" error={errors.firstName?.message} input={register('firstName')} autoComplete="off" />
        <Field label="Last name" error={errors.lastName?.message} input={register('lastName')} autoComplete="off" />
        <Field
          label="Date of birth"
          hint={dob ? `Age ${ageOn(dob, new Date())}` : 'MM/DD/YYYY'}
          error={errors.dateOfBirth?.message}
          input={register('dateOfBirth')}
          inputMode="numeric"
        />
        <Field label="Phone" error={errors.phone?.message} input={register('phone')} type="tel" />
      </div>
      <div className="form-actions">
        <button type="submit" disabled={isSubmitting}>
          Save <kbd>Ctrl+S</kbd>
        </button>
      </div>
    </form>
  );
}

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
