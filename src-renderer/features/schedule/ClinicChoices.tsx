import { useId, type Ref } from 'react';
import type { AppointmentType, Location, Provider, Resource } from '../../../src-shared/schedule/schemas';

/*
 * Choosing a visit type, a provider, a location or rooms and equipment: the one way
 * every schedule screen does it (booking, find next available, the waitlist, same-day
 * visits, clinic set-up). Each is a labelled native select whose error is tied to it
 * (aria-invalid + aria-describedby), single or `multiple`.
 */

type Choice = { id: string; text: string };

interface Common {
  /** Each select has its own default ("Visit type", "Provider"…). */
  label?: string;
  /** The field's error, read out with the select. */
  error?: string | undefined;
  autoFocus?: boolean;
  ref?: Ref<HTMLSelectElement>;
}
/** One choice; `blank` adds an empty first option ("Everyone", "No third visit"). */
interface One extends Common {
  multiple?: false;
  value: string;
  onChange: (id: string) => void;
  blank?: string;
}
/** Several choices (none chosen usually means "all"); `size` rows shown. */
interface Many extends Common {
  multiple: true;
  value: readonly string[];
  onChange: (ids: string[]) => void;
  size?: number;
}
export type ChoiceProps = One | Many;

function ChoiceSelect(props: ChoiceProps & { label: string; choices: readonly Choice[] }) {
  const id = useId();
  const { label, error, autoFocus, ref, choices } = props;
  const invalid = error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {props.multiple ? (
        <select
          id={id}
          ref={ref}
          multiple
          size={props.size ?? Math.min(5, Math.max(2, choices.length))}
          autoFocus={autoFocus}
          value={[...props.value]}
          onChange={(e) => props.onChange([...e.target.selectedOptions].map((o) => o.value))}
          {...invalid}
        >
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.text}
            </option>
          ))}
        </select>
      ) : (
        <select
          id={id}
          ref={ref}
          autoFocus={autoFocus}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          {...invalid}
        >
          {props.blank !== undefined && <option value="">{props.blank}</option>}
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.text}
            </option>
          ))}
        </select>
      )}
      {error && (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      )}
    </div>
  );
}

/** Visit types, with their length and kind when `details` (where the choice depends on them). */
export function VisitTypeSelect({
  types,
  details = false,
  label = 'Visit type',
  ...props
}: ChoiceProps & { types: readonly AppointmentType[]; details?: boolean }) {
  const choices = types.map((t) => ({
    id: t.id,
    text: details ? `${t.name} (${t.durationMinutes} min, ${t.modality})` : t.name,
  }));
  return <ChoiceSelect {...props} label={label} choices={choices} />;
}

/** Providers, with their specialties when `details` (to tell two of one name apart, or to pick by field). */
export function ProviderSelect({
  providers,
  details = false,
  label = 'Provider',
  ...props
}: ChoiceProps & { providers: readonly Provider[]; details?: boolean }) {
  const choices = providers.map((p) => ({
    id: p.id,
    text: details && p.specialties.length ? `${p.name} · ${p.specialties.join(', ')}` : p.name,
  }));
  return <ChoiceSelect {...props} label={label} choices={choices} />;
}

export function LocationSelect({
  locations,
  label = 'Location',
  ...props
}: ChoiceProps & { locations: readonly Location[] }) {
  return <ChoiceSelect {...props} label={label} choices={locations.map((l) => ({ id: l.id, text: l.name }))} />;
}

/** Rooms and equipment still in use (retired ones are never chosen again), with where they are. */
export function ResourceSelect({
  resources,
  locations,
  label = 'Rooms and equipment',
  ...props
}: ChoiceProps & {
  resources: readonly Resource[];
  locations: readonly Location[];
}) {
  const place = new Map(locations.map((l) => [l.id, l.name]));
  const choices = resources
    .filter((r) => r.retiredAt === null)
    .map((r) => ({ id: r.id, text: `${r.name} (${r.kind}, ${place.get(r.locationId) ?? 'unknown location'})` }));
  return <ChoiceSelect {...props} label={label} choices={choices} />;
}

/** The first error under a field's path (`locationIds.0` belongs to `locationIds`). */
export function fieldError(errors: Record<string, string>, name: string): string | undefined {
  return errors[name] ?? Object.entries(errors).find(([k]) => k.startsWith(`${name}.`))?.[1];
}
