import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { tableFeatures, useTable, type ColumnDef } from '@tanstack/react-table';
import { ROLES, type Role } from '../../../src-shared/roles';
import { newUserSchema, type NewUser, type UserAccount } from '../../../src-shared/session/users.contract';
import type { z } from 'zod';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { DataTable } from '../../components/DataTable';
import { Field } from '../../components/Field';
import { PasswordField } from '../../components/PasswordField';
import { AccountActions, type AccountDialog } from './AccountActions';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useSession } from './session-store';

const features = tableFeatures({});

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });

function signInStatus(user: UserAccount): string {
  if (user.disabledAt) return 'Disabled';
  if (user.lockedOutUntil) return `Locked out until ${time(user.lockedOutUntil)}`;
  return 'Can sign in';
}

/** Admin: who may sign in on this workstation, with which role, and their accounts' care. */
export function UsersScreen() {
  const [users, setUsers] = useState<UserAccount[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<AccountDialog | null>(null);
  const me = useSession((s) => s.session?.user?.userId);
  const announce = useAnnouncer((s) => s.announce);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const load = useCallback(async () => {
    const result = await call('users.list', {});
    if (result.ok) setUsers(result.value);
    else setError(result.error.message);
  }, []);
  useEffect(() => void load(), [load]);

  const changeRole = useCallback(
    async (user: UserAccount, role: Role) => {
      const result = await call('users.setRole', { userId: user.id, role });
      announce(result.ok ? `${user.username} is now ${role}` : `Role not changed: ${result.error.message}`);
      await load();
    },
    [announce, load],
  );

  /** Enabling and lifting a lockout only give back what was there: no question asked. */
  const restore = useCallback(
    async (user: UserAccount, what: 'enable' | 'lift-lockout') => {
      const result =
        what === 'enable'
          ? await call('users.setDisabled', { userId: user.id, disabled: false })
          : await call('users.liftLockout', { userId: user.id });
      const done = what === 'enable' ? `${user.username} can sign in again` : `${user.username}'s lockout is lifted`;
      announce(result.ok ? done : `Not changed: ${result.error.message}`);
      await load();
    },
    [announce, load],
  );

  const columns = useMemo<Array<ColumnDef<typeof features, UserAccount>>>(
    () => [
      { accessorKey: 'username', header: 'Username' },
      { accessorKey: 'displayName', header: 'Name' },
      {
        id: 'role',
        header: 'Role',
        cell: ({ row }) => (
          <select
            aria-label={`Role of ${row.original.username}`}
            value={row.original.role}
            onChange={(e) => void changeRole(row.original, e.target.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        ),
      },
      { accessorKey: 'source', header: 'Account from' },
      { id: 'status', header: 'Sign-in', cell: ({ row }) => signInStatus(row.original) },
      {
        id: 'actions',
        header: 'Actions',
        cell: ({ row }) => {
          const user = row.original;
          const name = <span className="visually-hidden"> {user.username}</span>;
          return (
            <div className="row-actions">
              {user.source === 'local' && user.id !== me && (
                <button type="button" onClick={() => setDialog({ kind: 'reset', user })}>
                  Reset password{name}
                </button>
              )}
              {user.lockedOutUntil && !user.disabledAt && (
                <button type="button" onClick={() => void restore(user, 'lift-lockout')}>
                  Lift lockout{name}
                </button>
              )}
              {user.id !== me &&
                (user.disabledAt ? (
                  <button type="button" onClick={() => void restore(user, 'enable')}>
                    Enable{name}
                  </button>
                ) : (
                  <button type="button" onClick={() => setDialog({ kind: 'disable', user })}>
                    Disable{name}
                  </button>
                ))}
            </div>
          );
        },
      },
    ],
    [changeRole, restore, me],
  );
  const table = useTable({ features, columns, data: users, getRowId: (u) => u.id });

  return (
    <section aria-labelledby="users-title" className="admin">
      <h1 id="users-title" tabIndex={-1} ref={heading}>
        Users and roles
      </h1>
      {error && <p role="alert">{error}</p>}
      <DataTable table={table} label="Users of this workstation" />
      <NewUserForm onCreated={load} />
      <ChangePasswordForm />
      {dialog && (
        <AccountActions
          dialog={dialog}
          onClose={() => setDialog(null)}
          onDone={async (message) => {
            setDialog(null);
            announce(message);
            await load();
          }}
        />
      )}
    </section>
  );
}

function NewUserForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const announce = useAnnouncer((s) => s.announce);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof newUserSchema>, unknown, NewUser>({
    resolver: zodResolver(newUserSchema),
    // Checked at submit, not on blur: after an add the emptied form would otherwise flag itself as you leave it.
    mode: 'onSubmit',
    defaultValues: { username: '', displayName: '', role: 'coordinator', password: '' },
  });
  const submit = handleSubmit(async (input) => {
    const result = await call('users.create', input);
    if (!result.ok) {
      for (const [field, message] of Object.entries(result.error.fields ?? {})) {
        setError(field as keyof NewUser, { message });
      }
      announce(`Not added: ${result.error.message}`);
      return;
    }
    announce(`Added ${result.value.username} as ${result.value.role}`);
    reset();
    await onCreated();
  });
  return (
    <form
      className="form"
      aria-labelledby="new-user-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="new-user-title">Add a user</h2>
      <div className="form-grid">
        <Field label="Username" error={errors.username?.message} input={register('username')} autoComplete="off" />
        <Field
          label="Full name"
          error={errors.displayName?.message}
          input={register('displayName')}
          autoComplete="off"
        />
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" {...register('role')}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <PasswordField
          purpose="new"
          label="First password"
          hint="At least 12 characters; tell it to the person in private"
          error={errors.password?.message}
          input={register('password')}
        />
      </div>
      <div className="form-actions">
        <button type="submit" disabled={isSubmitting}>
          Add user
        </button>
      </div>
    </form>
  );
}
