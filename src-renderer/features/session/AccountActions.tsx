import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { newPasswordSchema } from '../../../src-shared/session/contract';
import type { UserAccount } from '../../../src-shared/session/users.contract';
import { call } from '../../ipc/client';
import { Dialog } from '../../components/Dialog';
import { NewPasswordFields, withConfirmation } from '../../components/PasswordField';

/** The account changes an admin confirms in a dialog first. */
export type AccountDialog = { kind: 'reset'; user: UserAccount } | { kind: 'disable'; user: UserAccount };

interface Props {
  dialog: AccountDialog;
  onClose: () => void;
  /** The change was made: close, announce this, reload the list. */
  onDone: (message: string) => Promise<void>;
}

export function AccountActions({ dialog, onClose, onDone }: Props) {
  return dialog.kind === 'reset' ? (
    <ResetPasswordDialog user={dialog.user} onClose={onClose} onDone={onDone} />
  ) : (
    <DisableDialog user={dialog.user} onClose={onClose} onDone={onDone} />
  );
}

const resetForm = withConfirmation(z.object({ newPassword: newPasswordSchema }), 'newPassword');
type ResetInput = z.input<typeof resetForm>;

/** A forgotten password: the admin sets a new one and tells it to the person in private. */
function ResetPasswordDialog({ user, onClose, onDone }: Omit<Props, 'dialog'> & { user: UserAccount }) {
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<ResetInput, unknown, z.output<typeof resetForm>>({
    resolver: zodResolver(resetForm),
    defaultValues: { newPassword: '', confirm: '' },
  });
  const submit = handleSubmit(
    async ({ newPassword }) => {
      const result = await call('users.resetPassword', { userId: user.id, newPassword });
      if (result.ok) return onDone(`New password set for ${user.username}`);
      setError(result.error.fields?.newPassword ? 'newPassword' : 'root', {
        message: result.error.fields?.newPassword ?? result.error.message,
      });
    },
    (invalid) => {
      const first = Object.keys(invalid)[0] as keyof ResetInput | undefined;
      if (first) setFocus(first);
    },
  );
  return (
    <Dialog title={`Reset the password of ${user.username}`} onEscape={onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p>Any lockout ends with the new password. Tell it to {user.displayName} in private.</p>
        <NewPasswordFields
          password={{ input: register('newPassword'), error: errors.newPassword?.message }}
          confirm={{ input: register('confirm'), error: errors.confirm?.message }}
        />
        {errors.root?.message && <p role="alert">{errors.root.message}</p>}
        <div className="dialog-actions">
          <button type="submit" disabled={isSubmitting}>
            Set new password
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Disabling shuts someone out at once, so it is asked about; Cancel has focus. */
function DisableDialog({ user, onClose, onDone }: Omit<Props, 'dialog'> & { user: UserAccount }) {
  const disable = async () => {
    const result = await call('users.setDisabled', { userId: user.id, disabled: true });
    await onDone(result.ok ? `${user.username} is disabled` : `Not disabled: ${result.error.message}`);
  };
  return (
    <Dialog
      title={`Disable ${user.username}?`}
      role="alertdialog"
      onEscape={onClose}
      describedBy="disable-account-effect"
    >
      <p id="disable-account-effect">
        {user.displayName} will not be able to sign in on this workstation until an admin enables the account again. If
        they are signed in, their session ends now.
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" onClick={() => void disable()}>
          Disable {user.username}
        </button>
      </div>
    </Dialog>
  );
}
