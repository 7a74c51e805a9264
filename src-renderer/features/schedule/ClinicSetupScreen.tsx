import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import {
  addDays,
  displayDay,
  displayTime,
  fromIso,
  localDate,
  todayIn,
} from '../../../src-shared/schedule/clinic-time';
import { EXCEPTION_KINDS, MODALITIES } from '../../../src-shared/schedule/schemas';
import type { ClinicSetup, ScheduleException } from '../../../src-shared/schedule/schemas';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const list = (text: string) =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

type Errors = Record<string, string>;
const errorsOf = (e: { message: string; fields?: Record<string, string> }): Errors => e.fields ?? { form: e.message };

/**
 * The clinic's set-up for a supervisor or admin: a provider's weekly hours (added,
 * or ended on a date), leave, holidays and blocks, new providers and visit types.
 */
export function ClinicSetupScreen() {
  const [setup, setSetup] = useState<ClinicSetup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const reload = useCallback(
    () => void call('schedule.setup', {}).then((r) => (r.ok ? setSetup(r.value) : setError(r.error.message))),
    [],
  );
  useEffect(reload, [reload]);
  if (!setup) return <p role="status">{error ?? 'Loading…'}</p>;
  return (
    <section aria-labelledby={`${id}-title`} className="clinic-setup">
      <h1 id={`${id}-title`}>Clinic set-up</h1>
      <p>Hours, leave, providers and visit types. Changes reach every workstation when they sync.</p>
      <HoursSection setup={setup} onChanged={reload} />
      <ExceptionsSection setup={setup} />
      <ProvidersSection setup={setup} onChanged={reload} />
      <TypesSection setup={setup} onChanged={reload} />
    </section>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="setup-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A labelled input or select with its error read out with it. */
function Field({
  label,
  name,
  errors,
  children,
}: {
  label: string;
  name: string;
  errors: Errors;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const error = errors[name];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(error ? { id, 'aria-invalid': true, 'aria-describedby': `${id}-error` } : { id })}
      {error && (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A text, date or time input bound to one string field of a section's form. */
function FormInput<K extends string, F extends Record<K, string>>({
  label,
  name,
  type = 'text',
  form,
  setForm,
  errors,
}: {
  label: string;
  name: K;
  type?: 'text' | 'date' | 'time';
  form: F;
  setForm: (next: F) => void;
  errors: Errors;
}) {
  return (
    <Field label={label} name={name} errors={errors}>
      {(p) => (
        <input {...p} type={type} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} />
      )}
    </Field>
  );
}

/** A select bound to one string field of a section's form; `blank` is an empty first choice. */
function FormSelect<K extends string, F extends Record<K, string>>({
  label,
  name,
  options,
  blank,
  form,
  setForm,
  errors,
}: {
  label: string;
  name: K;
  options: ReadonlyArray<string | { id: string; name: string }>;
  blank?: string;
  form: F;
  setForm: (next: F) => void;
  errors: Errors;
}) {
  return (
    <Field label={label} name={name} errors={errors}>
      {(p) => (
        <select {...p} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })}>
          {blank !== undefined && <option value="">{blank}</option>}
          {options.map((o) =>
            typeof o === 'string' ? (
              <option key={o} value={o}>
                {o}
              </option>
            ) : (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ),
          )}
        </select>
      )}
    </Field>
  );
}

function FormError({ errors }: { errors: Errors }) {
  if (Object.keys(errors).length === 0) return null;
  return (
    <p role="alert" className="error">
      {errors.form ?? 'Check the fields marked above'}
    </p>
  );
}

function HoursSection({ setup, onChanged }: { setup: ClinicSetup; onChanged: () => void }) {
  const announce = useAnnouncer((a) => a.announce);
  const today = todayIn(setup.timeZone);
  const [providerId, setProviderId] = useState(setup.providers[0]?.id ?? '');
  const provider = setup.providers.find((p) => p.id === providerId);
  const [form, setForm] = useState({
    locationId: provider?.locationIds[0] ?? setup.locations[0]?.id ?? '',
    weekdays: [1, 2, 3, 4, 5],
    startTime: '09:00',
    endTime: '17:00',
    modalities: ['in-person', 'telehealth'] as string[],
    effectiveFrom: today,
    effectiveTo: '',
  });
  const [lastDate, setLastDate] = useState(today);
  const [errors, setErrors] = useState<Errors>({});
  const location = (lid: string) => setup.locations.find((l) => l.id === lid)?.name ?? lid;
  const hours = setup.templates
    .filter((t) => t.providerId === providerId && (t.effectiveTo === null || t.effectiveTo >= today))
    .sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime));
  const toggle = <T,>(values: T[], v: T, on: boolean) => (on ? [...values, v] : values.filter((x) => x !== v));

  const add = async () => {
    const r = await call('schedule.addHours', {
      providerId,
      ...form,
      modalities: form.modalities as (typeof MODALITIES)[number][],
      effectiveTo: form.effectiveTo || null,
    });
    if (!r.ok) return setErrors(errorsOf(r.error));
    setErrors({});
    announce(`Added ${r.value.length} days of hours for ${provider?.name ?? 'the provider'}`);
    onChanged();
  };
  const end = async (templateId: string, what: string) => {
    const r = await call('schedule.endHours', { templateId, lastDate });
    if (!r.ok) return setErrors(errorsOf(r.error));
    setErrors({});
    announce(`${what} end after ${displayDay(lastDate)}`);
    onChanged();
  };

  return (
    <Section title="Weekly hours">
      <Field label="Provider" name="providerId" errors={errors}>
        {(p) => (
          <select {...p} autoFocus value={providerId} onChange={(e) => setProviderId(e.target.value)}>
            {setup.providers.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {hours.length === 0 ? (
        <p>No hours in effect: {provider?.name ?? 'this provider'} cannot be booked.</p>
      ) : (
        <>
          <table className="slot-list" aria-label={`Hours of ${provider?.name ?? 'the provider'}`}>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Hours</th>
                <th scope="col">Location</th>
                <th scope="col">Visits</th>
                <th scope="col">In effect</th>
                <th scope="col">
                  <span className="visually-hidden">End</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {hours.map((t) => {
                const what = `${DAYS[t.weekday]} ${t.startTime}–${t.endTime} at ${location(t.locationId)}`;
                return (
                  <tr key={t.id}>
                    <td>{DAYS[t.weekday]}</td>
                    <td>
                      {t.startTime}–{t.endTime}
                    </td>
                    <td>{location(t.locationId)}</td>
                    <td>{t.modalities.join(', ')}</td>
                    <td>
                      {displayDay(t.effectiveFrom)}
                      {t.effectiveTo ? ` to ${displayDay(t.effectiveTo)}` : ' on'}
                    </td>
                    <td>
                      <button type="button" aria-label={`End ${what}`} onClick={() => void end(t.id, what)}>
                        End
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Field label="Last day of hours you end" name="lastDate" errors={errors}>
            {(p) => <input {...p} type="date" value={lastDate} onChange={(e) => setLastDate(e.target.value)} />}
          </Field>
        </>
      )}
      <form
        className="schedule-form"
        aria-label="Add weekly hours"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <FormSelect
          label="Location"
          name="locationId"
          options={setup.locations}
          form={form}
          setForm={setForm}
          errors={errors}
        />
        <fieldset className="days">
          <legend>Days</legend>
          {DAYS.map((d, i) => (
            <label key={d}>
              <input
                type="checkbox"
                checked={form.weekdays.includes(i)}
                onChange={(e) => setForm({ ...form, weekdays: toggle(form.weekdays, i, e.target.checked) })}
              />{' '}
              {d.slice(0, 3)}
            </label>
          ))}
        </fieldset>
        <FormInput label="From" name="startTime" type="time" form={form} setForm={setForm} errors={errors} />
        <FormInput label="To" name="endTime" type="time" form={form} setForm={setForm} errors={errors} />
        <fieldset className="days">
          <legend>Visits taken</legend>
          {MODALITIES.map((m) => (
            <label key={m}>
              <input
                type="checkbox"
                checked={form.modalities.includes(m)}
                onChange={(e) => setForm({ ...form, modalities: toggle(form.modalities, m, e.target.checked) })}
              />{' '}
              {m}
            </label>
          ))}
        </fieldset>
        <FormInput label="Starting" name="effectiveFrom" type="date" form={form} setForm={setForm} errors={errors} />
        <FormInput
          label="Until (optional)"
          name="effectiveTo"
          type="date"
          form={form}
          setForm={setForm}
          errors={errors}
        />
        <FormError errors={errors} />
        <button type="submit">Add hours</button>
      </form>
    </Section>
  );
}

function ExceptionsSection({ setup }: { setup: ClinicSetup }) {
  const announce = useAnnouncer((a) => a.announce);
  const zone = setup.timeZone;
  const today = todayIn(zone);
  const [rows, setRows] = useState<ScheduleException[]>([]);
  const [form, setForm] = useState({
    providerId: setup.providers[0]?.id ?? '',
    kind: 'leave' as (typeof EXCEPTION_KINDS)[number],
    fromDate: today,
    toDate: today,
    fromTime: '',
    toTime: '',
    reason: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const load = useCallback(
    () =>
      void call('schedule.exceptions', { fromDate: today, toDate: addDays(today, 365) }).then(
        (r) => r.ok && setRows(r.value),
      ),
    [today],
  );
  useEffect(load, [load]);
  const who = (pid: string | null) =>
    pid === null ? 'Everyone' : (setup.providers.find((p) => p.id === pid)?.name ?? 'Unknown provider');
  const when = (iso: string) => {
    const t = fromIso(iso);
    return `${displayDay(localDate(t, zone))} ${displayTime(t, zone)}`;
  };

  const add = async () => {
    const r = await call('schedule.addException', {
      providerId: form.providerId || null,
      kind: form.kind,
      fromDate: form.fromDate,
      toDate: form.toDate,
      ...(form.fromTime ? { fromTime: form.fromTime } : {}),
      ...(form.toTime ? { toTime: form.toTime } : {}),
      reason: form.reason,
    });
    if (!r.ok) return setErrors(errorsOf(r.error));
    setErrors({});
    setForm({ ...form, reason: '' });
    announce(`Added ${form.kind} for ${who(r.value.providerId)} from ${when(r.value.startsAt)}`);
    load();
  };
  const remove = async (e: ScheduleException) => {
    const r = await call('schedule.removeException', { exceptionId: e.id });
    announce(r.ok ? `Removed ${e.kind} for ${who(e.providerId)}` : `Not removed: ${r.error.message}`);
    load();
  };

  return (
    <Section title="Leave, holidays and blocks">
      {rows.length === 0 ? (
        <p>None in the coming year.</p>
      ) : (
        <table className="slot-list" aria-label="Leave, holidays and blocks ahead">
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>{who(e.providerId)}</td>
                <td>
                  {e.kind}: {e.reason}
                </td>
                <td>{when(e.startsAt)}</td>
                <td>{when(e.endsAt)}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Remove ${e.kind} for ${who(e.providerId)} from ${when(e.startsAt)}`}
                    onClick={() => void remove(e)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="schedule-form"
        aria-label="Add leave, a holiday or a block"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <FormSelect
          label="Who"
          name="providerId"
          blank="Everyone (the whole clinic)"
          options={setup.providers}
          form={form}
          setForm={setForm}
          errors={errors}
        />
        <FormSelect label="Kind" name="kind" options={EXCEPTION_KINDS} form={form} setForm={setForm} errors={errors} />
        <FormInput label="First day" name="fromDate" type="date" form={form} setForm={setForm} errors={errors} />
        <FormInput label="Last day" name="toDate" type="date" form={form} setForm={setForm} errors={errors} />
        <FormInput
          label="From time (blank = whole day)"
          name="fromTime"
          type="time"
          form={form}
          setForm={setForm}
          errors={errors}
        />
        <FormInput
          label="Until time (blank = whole day)"
          name="toTime"
          type="time"
          form={form}
          setForm={setForm}
          errors={errors}
        />
        <FormInput label="Reason" name="reason" form={form} setForm={setForm} errors={errors} />
        <FormError errors={errors} />
        <button type="submit">Add exception</button>
      </form>
    </Section>
  );
}

function ProvidersSection({ setup, onChanged }: { setup: ClinicSetup; onChanged: () => void }) {
  const announce = useAnnouncer((a) => a.announce);
  const empty = { name: '', specialties: '', languages: 'English', payers: '', locationIds: [] as string[] };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Errors>({});
  const add = async () => {
    const r = await call('schedule.addProvider', {
      name: form.name,
      specialties: list(form.specialties),
      languages: list(form.languages),
      payers: list(form.payers),
      locationIds: form.locationIds,
    });
    if (!r.ok) return setErrors(errorsOf(r.error));
    setErrors({});
    setForm(empty);
    announce(`Added ${r.value.name}; add their weekly hours to make them bookable`);
    onChanged();
  };
  return (
    <Section title={`Providers (${setup.providers.length})`}>
      <form
        className="schedule-form"
        aria-label="Add a provider"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <FormInput label="Name" name="name" form={form} setForm={setForm} errors={errors} />
        <FormInput
          label="Specialties (comma separated)"
          name="specialties"
          form={form}
          setForm={setForm}
          errors={errors}
        />
        <FormInput
          label="Languages spoken (comma separated)"
          name="languages"
          form={form}
          setForm={setForm}
          errors={errors}
        />
        <FormInput
          label="Payers accepted (comma separated)"
          name="payers"
          form={form}
          setForm={setForm}
          errors={errors}
        />
        <fieldset className="days">
          <legend>Works at{errors.locationIds && ` (${errors.locationIds})`}</legend>
          {setup.locations.map((l) => (
            <label key={l.id}>
              <input
                type="checkbox"
                checked={form.locationIds.includes(l.id)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    locationIds: e.target.checked
                      ? [...form.locationIds, l.id]
                      : form.locationIds.filter((x) => x !== l.id),
                  })
                }
              />{' '}
              {l.name}
            </label>
          ))}
        </fieldset>
        <FormError errors={errors} />
        <button type="submit">Add provider</button>
      </form>
    </Section>
  );
}

function TypesSection({ setup, onChanged }: { setup: ClinicSetup; onChanged: () => void }) {
  const announce = useAnnouncer((a) => a.announce);
  const empty = {
    name: '',
    durationMinutes: 20,
    modality: 'in-person' as (typeof MODALITIES)[number],
    bufferMinutes: 0,
  };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Errors>({});
  const add = async () => {
    const r = await call('schedule.addType', form);
    if (!r.ok) return setErrors(errorsOf(r.error));
    setErrors({});
    setForm(empty);
    announce(`Added visit type ${r.value.name}`);
    onChanged();
  };
  return (
    <Section title="Visit types">
      <ul aria-label="Visit types">
        {setup.types.map((t) => (
          <li key={t.id}>
            {t.name}: {t.durationMinutes} min, {t.modality}
            {t.bufferMinutes ? `, ${t.bufferMinutes} min after` : ''}
          </li>
        ))}
      </ul>
      <form
        className="schedule-form"
        aria-label="Add a visit type"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <FormInput label="Visit type name" name="name" form={form} setForm={setForm} errors={errors} />
        <Field label="Minutes" name="durationMinutes" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={5}
              max={480}
              value={form.durationMinutes}
              onChange={(e) => setForm({ ...form, durationMinutes: Number(e.target.value) })}
            />
          )}
        </Field>
        <FormSelect label="Kind" name="modality" options={MODALITIES} form={form} setForm={setForm} errors={errors} />
        <Field label="Minutes kept free after" name="bufferMinutes" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              max={120}
              value={form.bufferMinutes}
              onChange={(e) => setForm({ ...form, bufferMinutes: Number(e.target.value) })}
            />
          )}
        </Field>
        <FormError errors={errors} />
        <button type="submit">Add visit type</button>
      </form>
    </Section>
  );
}
