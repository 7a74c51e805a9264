import { useCallback, useEffect, useId, useState } from 'react';
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
import { RecordTable } from '../../components/RecordTable';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { LocationSelect, ProviderSelect } from './ClinicChoices';
import { LocationsSection, ProvidersSection, ResourcesSection, TypesSection } from './ClinicSetupRecords';
import { errorsOf, FormError, FormInput, FormSelect, Section, type Errors } from './SetupForm';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/**
 * The clinic's set-up for a supervisor or admin: a provider's weekly hours (added,
 * or ended on a date), leave, holidays and blocks; providers, visit types, rooms and
 * equipment, added and edited (rooms and equipment retired).
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
      <p>Hours, leave, providers, visit types, rooms and equipment. Changes reach every workstation when they sync.</p>
      <HoursSection setup={setup} onChanged={reload} />
      <ExceptionsSection setup={setup} />
      <ProvidersSection setup={setup} onChanged={reload} />
      <TypesSection setup={setup} onChanged={reload} />
      <ResourcesSection setup={setup} onChanged={reload} />
      <LocationsSection setup={setup} onChanged={reload} />
    </section>
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
  // The date the End buttons end hours after: a form of its own, bound like the others.
  const [ending, setEnding] = useState({ lastDate: today });
  const [errors, setErrors] = useState<Errors>({});
  const bind = { form, setForm, errors };
  const endingBind = { form: ending, setForm: setEnding, errors };
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
    const r = await call('schedule.endHours', { templateId, lastDate: ending.lastDate });
    if (!r.ok) return setErrors(errorsOf(r.error));
    setErrors({});
    announce(`${what} end after ${displayDay(ending.lastDate)}`);
    onChanged();
  };

  return (
    <Section title="Weekly hours">
      <ProviderSelect
        providers={setup.providers}
        autoFocus
        value={providerId}
        onChange={setProviderId}
        error={errors.providerId}
      />
      {hours.length === 0 ? (
        <p>No hours in effect: {provider?.name ?? 'this provider'} cannot be booked.</p>
      ) : (
        <>
          <RecordTable
            label={`Hours of ${provider?.name ?? 'the provider'}`}
            records={hours}
            recordKey={(t) => t.id}
            columns={[
              { header: 'Day', cell: (t) => DAYS[t.weekday] },
              { header: 'Hours', cell: (t) => `${t.startTime}–${t.endTime}` },
              { header: 'Location', cell: (t) => location(t.locationId) },
              { header: 'Visits', cell: (t) => t.modalities.join(', ') },
              {
                header: 'In effect',
                cell: (t) =>
                  `${displayDay(t.effectiveFrom)}${t.effectiveTo ? ` to ${displayDay(t.effectiveTo)}` : ' on'}`,
              },
            ]}
            actions={{
              header: 'End',
              cell: (t) => {
                const what = `${DAYS[t.weekday]} ${t.startTime}–${t.endTime} at ${location(t.locationId)}`;
                return (
                  <button type="button" aria-label={`End ${what}`} onClick={() => void end(t.id, what)}>
                    End
                  </button>
                );
              },
            }}
          />
          <FormInput label="Last day of hours you end" name="lastDate" type="date" bind={endingBind} />
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
        <LocationSelect
          locations={setup.locations}
          value={form.locationId}
          onChange={(locationId) => setForm({ ...form, locationId })}
          error={errors.locationId}
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
        <FormInput label="From" name="startTime" type="time" bind={bind} />
        <FormInput label="To" name="endTime" type="time" bind={bind} />
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
        <FormInput label="Starting" name="effectiveFrom" type="date" bind={bind} />
        <FormInput label="Until (optional)" name="effectiveTo" type="date" bind={bind} />
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
  const bind = { form, setForm, errors };
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
        <RecordTable
          label="Leave, holidays and blocks ahead"
          records={rows}
          recordKey={(e) => e.id}
          columns={[
            { header: 'Who', cell: (e) => who(e.providerId) },
            { header: 'What', cell: (e) => `${e.kind}: ${e.reason}` },
            { header: 'From', cell: (e) => when(e.startsAt) },
            { header: 'Until', cell: (e) => when(e.endsAt) },
          ]}
          actions={{
            header: 'Remove',
            cell: (e) => (
              <button
                type="button"
                aria-label={`Remove ${e.kind} for ${who(e.providerId)} from ${when(e.startsAt)}`}
                onClick={() => void remove(e)}
              >
                Remove
              </button>
            ),
          }}
        />
      )}
      <form
        className="schedule-form"
        aria-label="Add leave, a holiday or a block"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <ProviderSelect
          label="Who"
          blank="Everyone (the whole clinic)"
          providers={setup.providers}
          value={form.providerId}
          onChange={(providerId) => setForm({ ...form, providerId })}
          error={errors.providerId}
        />
        <FormSelect label="Kind" name="kind" options={EXCEPTION_KINDS} bind={bind} />
        <FormInput label="First day" name="fromDate" type="date" bind={bind} />
        <FormInput label="Last day" name="toDate" type="date" bind={bind} />
        <FormInput label="From time (blank = whole day)" name="fromTime" type="time" bind={bind} />
        <FormInput label="Until time (blank = whole day)" name="toTime" type="time" bind={bind} />
        <FormInput label="Reason" name="reason" bind={bind} />
        <FormError errors={errors} />
        <button type="submit">Add exception</button>
      </form>
    </Section>
  );
}
