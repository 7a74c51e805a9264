import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { passwordSchema, usernameSchema } from '../../../src-shared/session/contract';
import { call } from '../../ipc/client';
import { Field } from '../../components/Field';
import { PasswordField, refusePassword } from '../../components/PasswordField';
import { useSession } from './session-store';

const signInForm = z.object({ username: usernameSchema, password: passwordSchema });
type SignInInput = z.input<typeof signInForm>;

/** Username and password; Enter signs in. Used first thing in the morning and to switch user. */
export function SignInForm({ title, intro }: { title: string; intro?: string }) {
  const form = useForm<SignInInput, unknown, z.output<typeof signInForm>>({
    resolver: zodResolver(signInForm),
    defaultValues: { username: '', password: '' },
  });
  const {
    register,
    handleSubmit,
    setFocus,
    formState: { errors, isSubmitting },
  } = form;
  useEffect(() => setFocus('username'), [setFocus]);

  const submit = handleSubmit(async (input) => {
    const result = await call('session.signIn', input);
    if (result.ok) {
      useSession.getState().set(result.value);
      return;
    }
    refusePassword(form, 'password', result.error.message);
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
      <PasswordField purpose="current" error={errors.password?.message} input={register('password')} />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
