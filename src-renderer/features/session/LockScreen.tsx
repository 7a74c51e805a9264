import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { passwordSchema, type SessionUser } from '../../../src-shared/session/contract';
import { call } from '../../ipc/client';
import { PasswordField, refusePassword } from '../../components/PasswordField';
import { SignInForm } from './SignInForm';
import { signOut, useSession } from './session-store';

const unlockForm = z.object({ password: passwordSchema });

/**
 * The locked workstation: the locked user's name and a password box, nothing about
 * any patient. Another coordinator can sign in here instead (switch user), which
 * ends the locked session.
 */
export function LockScreen({ user }: { user: SessionUser }) {
  const [switching, setSwitching] = useState(false);
  if (switching) {
    return (
      <div className="gate-stack">
        <SignInForm title="Sign in as someone else" intro={`This ends ${user.displayName}'s locked session.`} />
        <button type="button" onClick={() => setSwitching(false)}>
          Back to {user.displayName}
        </button>
      </div>
    );
  }
  return <UnlockForm user={user} onSwitch={() => setSwitching(true)} />;
}

function UnlockForm({ user, onSwitch }: { user: SessionUser; onSwitch: () => void }) {
  const form = useForm<z.input<typeof unlockForm>, unknown, z.output<typeof unlockForm>>({
    resolver: zodResolver(unlockForm),
    defaultValues: { password: '' },
  });
  const {
    register,
    handleSubmit,
    setFocus,
    formState: { errors, isSubmitting },
  } = form;
  useEffect(() => setFocus('password'), [setFocus]);

  const submit = handleSubmit(async ({ password }) => {
    const result = await call('session.unlock', { password });
    if (result.ok) {
      useSession.getState().set(result.value);
      return;
    }
    refusePassword(form, 'password', result.error.message);
  });

  return (
    <div className="gate-stack">
      <form
        className="gate-form"
        aria-labelledby="lock-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h1 id="lock-title">CareDesk is locked</h1>
        <p>
          Locked for {user.displayName} ({user.username}). Enter the password to continue.
        </p>
        <PasswordField purpose="current" error={errors.password?.message} input={register('password')} />
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      <div className="gate-actions">
        <button type="button" onClick={onSwitch}>
          Switch user
        </button>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </div>
  );
}
