import type { FieldValues, Path, UseFormRegisterReturn, UseFormReturn } from 'react-hook-form';
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
