import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { passwordSchema, usernameSchema } from '../../../src-shared/session/contract';
import { call } from '../../ipc/client';
import { Field } from './Field';
import { useSession } from './session-store';

const signInForm = z.object({ username: usernameSchema, password: passwordSchema });
type SignInInput = z.input<typeof signInForm>;

/** Username and password; Enter signs in. Used first thing in the morning and to switch user. */
export function SignInForm({ title, intro }: { title: string; intro?: string }) {
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput, unknown, z.output<typeof signInForm>>({
    resolver: zodResolver(signInForm),
    defaultValues: { username: '', password: '' },
  });
  useEffect(() => setFocus('username'), [setFocus]);

  const submit = handleSubmit(async (input) => {
    const result = await call('session.signIn', input);
    if (result.ok) {
      useSession.getState().set(result.value);
      return;
    }
    // The password never stays on screen after a failure.
    resetField('password');
    setError('password', { message: result.error.message });
    setFocus('password');
  });

  return (
    <form
      className="gate-form"
      aria-labelledby="sign-in-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 id="sign-in-title">{title}</h1>
      {intro && <p>{intro}</p>}
      <Field label="Username" error={errors.username?.message} input={register('username')} autoComplete="username" />
      <Field
        label="Password"
        type="password"
        error={errors.password?.message}
        input={register('password')}
        autoComplete="current-password"
      />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
