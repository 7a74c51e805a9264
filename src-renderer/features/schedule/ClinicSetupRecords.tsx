import { useRef, useState, type ReactNode } from 'react';
import { MODALITIES, RESOURCE_KINDS } from '../../../src-shared/schedule/schemas';
import type { AppointmentType, ClinicSetup, Provider, Resource } from '../../../src-shared/schedule/schemas';
import { RecordTable } from '../../components/RecordTable';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { fieldError, LocationSelect, ProviderSelect, ResourceSelect } from './ClinicChoices';
import { errorsOf, FormError, FormInput, FormNumber, FormSelect, Section, type Errors } from './SetupForm';

/*
 * The clinic's records a supervisor adds and edits: providers, visit types, rooms and
 * equipment, locations. Each section lists what exists with an Edit button per row;
 * Edit fills the section's one form (focus moves to its first field), Save sends it
 * through the same schema as adding, and Esc or "Stop editing" goes back to adding,
 * focus back on the Edit button.
 */

const list = (text: string) =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Which record the section's form is editing (null: adding a new one), and the form's errors. */
function useRecordForm<F>(empty: F) {
  const [editing, setEditing] = useState<string | null>(null);
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Errors>({});
  // The Edit button that opened the form: focus goes back to it when editing stops or is saved.
  const openedFrom = useRef<HTMLElement | null>(null);
  return {
    editing,
    form,
    setForm,
    errors,
    setErrors,
    edit: (id: string, values: F) => {
      openedFrom.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setEditing(id);
      setForm(values);
      setErrors({});
    },
    reset: () => {
      setEditing(null);
      setForm(empty);
      setErrors({});
      const back = openedFrom.current;
      openedFrom.current = null;
      if (back) setTimeout(() => back.isConnected && back.focus(), 0);
    },
  };
}

/** The section's form: titled for what it does, keyed by the record so Edit lands on its first field. */
function RecordForm({
  title,
  editing,
  submitLabel,
  errors,
  onSubmit,
  onStop,
  children,
}: {
  title: string;
  editing: boolean;
  submitLabel: string;
  errors: Errors;
  onSubmit: () => void;
  onStop: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className="schedule-form"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      onKeyDown={(e) => {
        if (editing && e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onStop();
        }
      }}
    >
      {children}
      <FormError errors={errors} />
      <div className="form-actions">
        <button type="submit">{submitLabel}</button>
        {editing && (
          <button type="button" onClick={onStop}>
            Stop editing <kbd>Esc</kbd>
          </button>
        )}
      </div>
    </form>
  );
}

function EditButton({ what, onClick }: { what: string; onClick: () => void }) {
  return (
    <button type="button" aria-label={`Edit ${what}`} onClick={onClick}>
      Edit
    </button>
  );
}

export function ProvidersSection({ setup, onChanged }: { setup: ClinicSetup; onChanged: () => void }) {
  const announce = useAnnouncer((a) => a.announce);
  const r = useRecordForm({ name: '', specialties: '', languages: 'English', payers: '', locationIds: [] as string[] });
  const place = (id: string) => setup.locations.find((l) => l.id === id)?.name ?? 'unknown location';
  const save = async () => {
    const fields = {
      name: r.form.name,
      specialties: list(r.form.specialties),
      languages: list(r.form.languages),
      payers: list(r.form.payers),
      locationIds: r.form.locationIds,
    };
    const result = r.editing
      ? await call('schedule.updateProvider', { providerId: r.editing, ...fields })
      : await call('schedule.addProvider', fields);
    if (!result.ok) return r.setErrors(errorsOf(result.error));
    announce(
      r.editing
        ? `Saved ${result.value.name}`
        : `Added ${result.value.name}; add their weekly hours to make them bookable`,
    );
    r.reset();
    onChanged();
  };
  const edit = (p: Provider) =>
    r.edit(p.id, {
      name: p.name,
      specialties: p.specialties.join(', '),
      languages: p.languages.join(', '),
      payers: p.payers.join(', '),
      locationIds: p.locationIds,
    });
  const editingName = setup.providers.find((p) => p.id === r.editing)?.name;

  return (
    <Section title={`Providers (${setup.providers.length})`}>
      <RecordTable
        label="Providers"
        records={setup.providers}
        recordKey={(p) => p.id}
        columns={[
          { header: 'Name', cell: (p) => p.name },
          { header: 'Specialties', cell: (p) => p.specialties.join(', ') },
          { header: 'Languages', cell: (p) => p.languages.join(', ') },
          { header: 'Payers accepted', cell: (p) => p.payers.join(', ') },
          { header: 'Works at', cell: (p) => p.locationIds.map(place).join(', ') },
        ]}
        actions={{ header: 'Edit', cell: (p) => <EditButton what={p.name} onClick={() => edit(p)} /> }}
      />
      <RecordForm
        key={r.editing ?? 'new'}
        title={editingName ? `Edit ${editingName}` : 'Add a provider'}
        editing={r.editing !== null}
        submitLabel={r.editing ? 'Save provider' : 'Add provider'}
        errors={r.errors}
        onSubmit={() => void save()}
        onStop={r.reset}
      >
        <FormInput label="Name" name="name" autoFocus={r.editing !== null} bind={r} />
        <FormInput label="Specialties (comma separated)" name="specialties" bind={r} />
        <FormInput label="Languages spoken (comma separated)" name="languages" bind={r} />
        <FormInput label="Payers accepted (comma separated)" name="payers" bind={r} />
        <LocationSelect
          label="Works at"
          locations={setup.locations}
          multiple
          value={r.form.locationIds}
          onChange={(locationIds) => r.setForm({ ...r.form, locationIds })}
          error={fieldError(r.errors, 'locationIds')}
        />
      </RecordForm>
    </Section>
  );
}

export function TypesSection({ setup, onChanged }: { setup: ClinicSetup; onChanged: () => void }) {
  const announce = useAnnouncer((a) => a.announce);
  const r = useRecordForm<Omit<AppointmentType, 'id'>>({
    name: '',
    durationMinutes: 20,
    modality: 'in-person',
    bufferMinutes: 0,
    allowedProviderIds: [] as string[],
    requiredResourceIds: [] as string[],
  });
  const providerName = (id: string) => setup.providers.find((p) => p.id === id)?.name ?? 'unknown provider';
  const resourceName = (id: string) => setup.resources.find((x) => x.id === id)?.name ?? 'unknown resource';
  const save = async () => {
    const result = r.editing
      ? await call('schedule.updateType', { typeId: r.editing, ...r.form })
      : await call('schedule.addType', r.form);
    if (!result.ok) return r.setErrors(errorsOf(result.error));
    announce(r.editing ? `Saved visit type ${result.value.name}` : `Added visit type ${result.value.name}`);
    r.reset();
    onChanged();
  };
  const edit = ({ id, ...t }: AppointmentType) => r.edit(id, t);
  const editingName = setup.types.find((t) => t.id === r.editing)?.name;

  return (
    <Section title="Visit types">
      <RecordTable
        label="Visit types"
        records={setup.types}
        recordKey={(t) => t.id}
        columns={[
          { header: 'Visit type', cell: (t) => t.name },
          {
            header: 'Length',
            cell: (t) => `${t.durationMinutes} min${t.bufferMinutes ? `, ${t.bufferMinutes} min after` : ''}`,
          },
          { header: 'Kind', cell: (t) => t.modality },
          {
            header: 'Seen by',
            cell: (t) =>
              t.allowedProviderIds.length ? t.allowedProviderIds.map(providerName).join(', ') : 'Any provider',
          },
          { header: 'Needs', cell: (t) => t.requiredResourceIds.map(resourceName).join(', ') || 'Nothing' },
        ]}
        actions={{ header: 'Edit', cell: (t) => <EditButton what={t.name} onClick={() => edit(t)} /> }}
      />
      <RecordForm
        key={r.editing ?? 'new'}
        title={editingName ? `Edit ${editingName}` : 'Add a visit type'}
        editing={r.editing !== null}
        submitLabel={r.editing ? 'Save visit type' : 'Add visit type'}
        errors={r.errors}
        onSubmit={() => void save()}
        onStop={r.reset}
      >
        <FormInput label="Visit type name" name="name" autoFocus={r.editing !== null} bind={r} />
        <FormNumber label="Minutes" name="durationMinutes" min={5} max={480} bind={r} />
        <FormSelect label="Kind" name="modality" options={MODALITIES} bind={r} />
        <FormNumber label="Minutes kept free after" name="bufferMinutes" min={0} max={120} bind={r} />
        <ProviderSelect
          label="Seen by (none chosen = any provider)"
          providers={setup.providers}
          details
          multiple
          value={r.form.allowedProviderIds}
          onChange={(allowedProviderIds) => r.setForm({ ...r.form, allowedProviderIds })}
          error={fieldError(r.errors, 'allowedProviderIds')}
        />
        <ResourceSelect
          label="Rooms and equipment it needs"
          resources={setup.resources}
          locations={setup.locations}
          multiple
          value={r.form.requiredResourceIds}
          onChange={(requiredResourceIds) => r.setForm({ ...r.form, requiredResourceIds })}
          error={fieldError(r.errors, 'requiredResourceIds')}
        />
      </RecordForm>
    </Section>
  );
}

export function ResourcesSection({ setup, onChanged }: { setup: ClinicSetup; onChanged: () => void }) {
  const announce = useAnnouncer((a) => a.announce);
  const r = useRecordForm<Omit<Resource, 'id' | 'retiredAt'>>({
    name: '',
    kind: 'room',
    locationId: setup.locations[0]?.id ?? '',
  });
  const place = (id: string) => setup.locations.find((l) => l.id === id)?.name ?? 'unknown location';
  const save = async () => {
    const result = r.editing
      ? await call('schedule.updateResource', { resourceId: r.editing, ...r.form })
      : await call('schedule.addResource', r.form);
    if (!result.ok) return r.setErrors(errorsOf(result.error));
    announce(r.editing ? `Saved ${result.value.name}` : `Added ${result.value.name}`);
    r.reset();
    onChanged();
  };
  const retire = async (x: Resource) => {
    const result = await call('schedule.retireResource', { resourceId: x.id });
    if (!result.ok) {
      r.setErrors({ form: result.error.message });
      announce(`Not retired: ${result.error.message}`);
      return;
    }
    announce(`Retired ${x.name}`);
    if (r.editing === x.id) r.reset();
    onChanged();
  };
  const inUse = setup.resources.filter((x) => x.retiredAt === null);
  const editingName = setup.resources.find((x) => x.id === r.editing)?.name;

  return (
    <Section title="Rooms and equipment">
      {inUse.length === 0 ? (
        <p>None yet: add the rooms and equipment a visit type holds for its whole length.</p>
      ) : (
        <RecordTable
          label="Rooms and equipment in use"
          records={inUse}
          recordKey={(x) => x.id}
          columns={[
            { header: 'Name', cell: (x) => x.name },
            { header: 'Kind', cell: (x) => x.kind },
            { header: 'Location', cell: (x) => place(x.locationId) },
          ]}
          actions={{
            header: 'Edit or retire',
            cell: (x) => (
              <>
                <EditButton
                  what={x.name}
                  onClick={() => r.edit(x.id, { name: x.name, kind: x.kind, locationId: x.locationId })}
                />{' '}
                <button type="button" aria-label={`Retire ${x.name}`} onClick={() => void retire(x)}>
                  Retire
                </button>
              </>
            ),
          }}
        />
      )}
      <RecordForm
        key={r.editing ?? 'new'}
        title={editingName ? `Edit ${editingName}` : 'Add a room or equipment'}
        editing={r.editing !== null}
        submitLabel={r.editing ? 'Save' : 'Add room or equipment'}
        errors={r.errors}
        onSubmit={() => void save()}
        onStop={r.reset}
      >
        <FormInput label="Room or equipment name" name="name" autoFocus={r.editing !== null} bind={r} />
        <FormSelect label="Room or equipment" name="kind" options={RESOURCE_KINDS} bind={r} />
        <LocationSelect
          locations={setup.locations}
          value={r.form.locationId}
          onChange={(locationId) => r.setForm({ ...r.form, locationId })}
          error={r.errors.locationId}
        />
      </RecordForm>
    </Section>
  );
}

/** Locations come from IT with their time zone; a supervisor edits the name and the telehealth link template. */
export function LocationsSection({ setup, onChanged }: { setup: ClinicSetup; onChanged: () => void }) {
  const announce = useAnnouncer((a) => a.announce);
  const r = useRecordForm({ name: '', telehealthLinkTemplate: '' });
  const save = async () => {
    if (!r.editing) return;
    const result = await call('schedule.updateLocation', { locationId: r.editing, ...r.form });
    if (!result.ok) return r.setErrors(errorsOf(result.error));
    announce(`Saved ${result.value.name}`);
    r.reset();
    onChanged();
  };
  const editingName = setup.locations.find((l) => l.id === r.editing)?.name;

  return (
    <Section title="Locations">
      <RecordTable
        label="Locations"
        records={setup.locations}
        recordKey={(l) => l.id}
        columns={[
          { header: 'Name', cell: (l) => l.name },
          { header: 'Time zone', cell: (l) => l.timeZone },
          {
            header: 'Telehealth link',
            cell: (l) => l.telehealthLinkTemplate ?? 'None: telehealth visits here get no link',
          },
        ]}
        actions={{
          header: 'Edit',
          cell: (l) => (
            <EditButton
              what={l.name}
              onClick={() => r.edit(l.id, { name: l.name, telehealthLinkTemplate: l.telehealthLinkTemplate ?? '' })}
            />
          ),
        }}
      />
      {editingName && (
        <RecordForm
          key={r.editing}
          title={`Edit ${editingName}`}
          editing
          submitLabel="Save location"
          errors={r.errors}
          onSubmit={() => void save()}
          onStop={r.reset}
        >
          <FormInput label="Location name" name="name" autoFocus bind={r} />
          <FormInput label="Telehealth link template (blank = none)" name="telehealthLinkTemplate" bind={r} />
        </RecordForm>
      )}
    </Section>
  );
}
