import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { type z } from 'zod';
import { changePasswordSchema } from '../../../src-shared/session/users.contract';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { NewPasswordFields, PasswordField, refusePassword, withConfirmation } from '../../components/PasswordField';

const changeForm = withConfirmation(changePasswordSchema, 'newPassword');
type ChangeInput = z.input<typeof changeForm>;

/**
 * The signed-in person's own password; the current one is asked for first. A section
 * of Users and roles for admins, and a screen of its own (Ctrl+K, Change my password)
 * for everyone, where it opens with the current password box focused.
 */
export function ChangePasswordForm({ screen = false }: { screen?: boolean }) {
  const announce = useAnnouncer((s) => s.announce);
  const form = useForm<ChangeInput, unknown, z.output<typeof changeForm>>({
    resolver: zodResolver(changeForm),
    mode: 'onSubmit',
    defaultValues: { currentPassword: '', newPassword: '', confirm: '' },
  });
  const {
    register,
    handleSubmit,
    reset,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = form;
  const Heading = screen ? 'h1' : 'h2';
  useEffect(() => {
    if (screen) setFocus('currentPassword');
  }, [screen, setFocus]);

  const submit = handleSubmit(
    async ({ confirm: _confirm, ...input }) => {
      const result = await call('users.changePassword', input);
      if (result.ok) {
        reset();
        announce('Your password was changed. Use the new one from now on.');
        return;
      }
      const fields = result.error.fields ?? {};
      if (fields.currentPassword) return refusePassword(form, 'currentPassword', fields.currentPassword);
      if (fields.newPassword) {
        setError('newPassword', { message: fields.newPassword });
        return setFocus('newPassword');
      }
      setError('root', { message: result.error.message });
    },
    (invalid) => {
      const first = Object.keys(invalid)[0] as keyof ChangeInput | undefined;
      if (first) setFocus(first);
    },
  );

  return (
    <form
      className="form"
      aria-labelledby="change-password-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Heading id="change-password-title">Change my password</Heading>
      <div className="form-grid">
        <PasswordField
          purpose="current"
          label="Current password"
          error={errors.currentPassword?.message}
          input={register('currentPassword')}
        />
        <NewPasswordFields
          password={{ input: register('newPassword'), error: errors.newPassword?.message }}
          confirm={{ input: register('confirm'), error: errors.confirm?.message }}
        />
      </div>
      {errors.root?.message && <p role="alert">{errors.root.message}</p>}
      <div className="form-actions">
        <button type="submit" disabled={isSubmitting}>
          Change my password
        </button>
      </div>
    </form>
  );
}
