import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { tableFeatures, useTable, type ColumnDef } from '@tanstack/react-table';
import { ROLES, type Role } from '../../../src-shared/roles';
import { newUserSchema, type NewUser, type UserAccount } from '../../../src-shared/session/users.contract';
import type { z } from 'zod';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { Field } from './Field';

const features = tableFeatures({});

/** Admin: who may sign in on this workstation, and with which role. */
export function UsersScreen() {
  const [users, setUsers] = useState<UserAccount[]>([]);
  const [error, setError] = useState<string | null>(null);
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
      {
        id: 'lockout',
        header: 'Sign-in',
        cell: ({ row }) =>
          row.original.lockedOutUntil ? `Locked out until ${row.original.lockedOutUntil}` : 'Allowed',
      },
    ],
    [changeRole],
  );
  const table = useTable({ features, columns, data: users, getRowId: (u) => u.id });

  return (
    <section aria-labelledby="users-title" className="admin">
      <h1 id="users-title" tabIndex={-1} ref={heading}>
        Users and roles
      </h1>
      {error && <p role="alert">{error}</p>}
      <table className="data-table">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col">
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <NewUserForm onCreated={load} />
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
    mode: 'onBlur',
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
        <Field
          label="First password"
          type="password"
          hint="At least 12 characters; tell it to the person in private"
          error={errors.password?.message}
          input={register('password')}
          autoComplete="new-password"
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
