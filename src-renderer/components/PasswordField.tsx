import type { FieldValues, Path, UseFormRegisterReturn, UseFormReturn } from 'react-hook-form';
import { z } from 'zod';
import { Field } from './Field';

/** A password box: never spell-checked, and told to the browser as a current or a new password. */
export function PasswordField({
  label = 'Password',
  input,
  error,
  hint,
  purpose,
}: {
  label?: string;
  input: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: string;
  purpose: 'current' | 'new';
}) {
  return (
    <Field
      label={label}
      type="password"
      input={input}
      error={error}
      hint={hint}
      autoComplete={purpose === 'current' ? 'current-password' : 'new-password'}
    />
  );
}

/**
 * A new password typed twice, so a slip of the finger does not lock someone out: the
 * form's schema gains `confirm`, which must equal the new password field.
 */
export function withConfirmation<T extends z.ZodRawShape>(schema: z.ZodObject<T>, field: keyof T & string) {
  return schema.extend({ confirm: z.string() }).refine(
    (v) => {
      const values = v as Record<string, unknown>;
      return values[field] === values.confirm;
    },
    {
      path: ['confirm'],
      message: 'The passwords differ',
    },
  );
}

/** The new password and its confirmation, under one form's `register`. */
export function NewPasswordFields({
  label = 'New password',
  hint = 'At least 12 characters; a short sentence works well',
  password,
  confirm,
}: {
  label?: string;
  hint?: string;
  password: { input: UseFormRegisterReturn; error?: string | undefined };
  confirm: { input: UseFormRegisterReturn; error?: string | undefined };
}) {
  return (
    <>
      <PasswordField purpose="new" label={label} hint={hint} error={password.error} input={password.input} />
      <PasswordField
        purpose="new"
        label={`Confirm ${label.toLowerCase()}`}
        error={confirm.error}
        input={confirm.input}
      />
    </>
  );
}

/**
 * After the main process refused a password (sign-in, unlock, change): the box is
 * emptied, because a password never stays on screen after a failure; the reason is
 * tied to the box; focus goes back to it for the next try.
 */
export function refusePassword<T extends FieldValues>(
  form: Pick<UseFormReturn<T>, 'resetField' | 'setError' | 'setFocus'>,
  name: Path<T>,
  message: string,
): void {
  form.resetField(name);
  form.setError(name, { message });
  form.setFocus(name);
}
