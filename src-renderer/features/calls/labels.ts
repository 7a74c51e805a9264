import { format } from 'date-fns';

/** Local date and time as the clinic reads it: `11/24/2026 2:05 PM`. */
export const localTime = (iso: string) => format(new Date(iso), 'MM/dd/yyyy h:mm a');
/** `Today 2:05 PM`, `Tomorrow 9:00 AM` or `11/26 9:00 AM`: due times at a glance. */
export function dueLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const day = (x: Date) => format(x, 'yyyy-MM-dd');
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  const time = format(d, 'h:mm a');
  if (day(d) === day(now)) return `Today ${time}`;
  if (day(d) === day(tomorrow)) return `Tomorrow ${time}`;
  return `${format(d, 'MM/dd')} ${time}`;
}
/** `<input type="datetime-local">` value <-> ISO instant. */
export const toLocalInput = (iso: string) => format(new Date(iso), "yyyy-MM-dd'T'HH:mm");
export const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);
