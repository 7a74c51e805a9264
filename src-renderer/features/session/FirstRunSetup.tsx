import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { type z } from 'zod';
import { setUpSchema } from '../../../src-shared/session/contract';
import { call } from '../../ipc/client';
import { Field } from '../../components/Field';
import { NewPasswordFields, withConfirmation } from '../../components/PasswordField';
import { useSession } from './session-store';

const setUpForm = withConfirmation(setUpSchema, 'password');
type SetUpInput = z.input<typeof setUpForm>;

/** First run: nobody has an account yet, so the person at the keyboard makes the first admin. */
export function FirstRunSetup() {
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<SetUpInput, unknown, z.output<typeof setUpForm>>({
    resolver: zodResolver(setUpForm),
    mode: 'onBlur',
    defaultValues: { username: '', displayName: '', password: '', confirm: '' },
  });
  useEffect(() => setFocus('username'), [setFocus]);

  const submit = handleSubmit(
    async ({ confirm: _confirm, ...input }) => {
      const result = await call('session.setUp', input);
      if (result.ok) {
        useSession.getState().set(result.value);
        return;
      }
      setError('root', { message: result.error.message });
      for (const [field, message] of Object.entries(result.error.fields ?? {})) {
        setError(field as keyof SetUpInput, { message });
      }
    },
    (invalid) => {
      const first = Object.keys(invalid)[0] as keyof SetUpInput | undefined;
      if (first) setFocus(first);
    },
  );

  return (
    <form
      className="gate-form"
      aria-labelledby="setup-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 id="setup-title">Set up CareDesk</h1>
      <p>No one has an account on this workstation yet. Create the first administrator.</p>
      <Field label="Username" error={errors.username?.message} input={register('username')} autoComplete="username" />
      <Field
        label="Full name"
        error={errors.displayName?.message}
        input={register('displayName')}
        autoComplete="name"
      />
      <NewPasswordFields
        label="Password"
        password={{ input: register('password'), error: errors.password?.message }}
        confirm={{ input: register('confirm'), error: errors.confirm?.message }}
      />
      {errors.root?.message && <p role="alert">{errors.root.message}</p>}
      <button type="submit" disabled={isSubmitting}>
        Create administrator and sign in
      </button>
    </form>
  );
}
