import { eq } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type {
  AppointmentType,
  AvailabilityTemplate,
  ClinicSetup,
  Location,
  Provider,
  Resource,
  ScheduleException,
} from '../../src-shared/schedule/schemas';
import { timeOrderedUuid } from '../store/ids';
import type { Actor, Store, Tx } from '../store/store';
import { appointmentTypes, availabilityTemplates, locations, providers, resources, scheduleExceptions } from './table';

/** The clinic's zone when no location names one yet. */
export const DEFAULT_TIME_ZONE = 'America/New_York';

const json = (v: unknown) => JSON.stringify(v);
const list = (text: string) => JSON.parse(text) as string[];

/*
 * One write function per set-up table: the row and its outbox entry in the caller's
 * transaction. Set-up rows are mutable records at the hub (merged per field).
 */
function capture(store: Store, tx: Tx, tableName: string, row: { id: string }, actor: Actor | null): void {
  store.recordChange(tx, { tableName, rowId: row.id, op: 'insert', fields: { ...row } }, actor);
}

export function insertLocation(
  store: Store,
  tx: Tx,
  l: Omit<Location, 'id'> & { id?: string },
  actor: Actor | null,
): Location {
  const row = { id: l.id ?? timeOrderedUuid(), ...l, createdAt: new Date().toISOString() };
  tx.insert(locations).values(row).run();
  capture(store, tx, 'locations', row, actor);
  return { id: row.id, name: row.name, timeZone: row.timeZone, telehealthLinkTemplate: row.telehealthLinkTemplate };
}

export function insertProvider(
  store: Store,
  tx: Tx,
  p: Omit<Provider, 'id'> & { id?: string },
  actor: Actor | null,
): Provider {
  const id = p.id ?? timeOrderedUuid();
  const row = {
    id,
    name: p.name,
    specialties: json(p.specialties),
    languages: json(p.languages),
    payers: json(p.payers),
    locationIds: json(p.locationIds),
    createdAt: new Date().toISOString(),
  };
  tx.insert(providers).values(row).run();
  capture(store, tx, 'providers', row, actor);
  return { ...p, id };
}

export function insertResource(
  store: Store,
  tx: Tx,
  r: Omit<Resource, 'id' | 'retiredAt'> & { id?: string },
  actor: Actor | null,
): Resource {
  const row = { id: r.id ?? timeOrderedUuid(), ...r, createdAt: new Date().toISOString(), retiredAt: null };
  tx.insert(resources).values(row).run();
  capture(store, tx, 'resources', row, actor);
  return { id: row.id, locationId: r.locationId, name: r.name, kind: r.kind, retiredAt: null };
}

/**
 * A later change to a set-up row: only the fields that changed go in the outbox, so
 * two supervisors editing different fields of one provider both keep their edit at
 * the hub's per-field merge. Lists travel as JSON text, as the rows keep them.
 */
function change(
  store: Store,
  tx: Tx,
  table: SQLiteTable & { id: Parameters<typeof eq>[0] },
  tableName: string,
  id: string,
  fields: Record<string, unknown>,
  actor: Actor | null,
): void {
  if (Object.keys(fields).length === 0) return;
  tx.update(table).set(fields).where(eq(table.id, id)).run();
  store.recordChange(tx, { tableName, rowId: id, op: 'update', fields }, actor);
}

/** The fields of `next` that differ from `before` (lists compared as JSON). */
function changedFields<T extends object>(before: T, next: Partial<T>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    const old = (before as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      if (json(value) !== json(old)) out[key] = json(value);
    } else if (value !== old) out[key] = value;
  }
  return out;
}

export function updateProvider(store: Store, tx: Tx, before: Provider, next: Provider, actor: Actor | null): Provider {
  change(store, tx, providers, 'providers', before.id, changedFields(before, next), actor);
  return next;
}

export function updateAppointmentType(
  store: Store,
  tx: Tx,
  before: AppointmentType,
  next: AppointmentType,
  actor: Actor | null,
): AppointmentType {
  change(store, tx, appointmentTypes, 'appointment_types', before.id, changedFields(before, next), actor);
  return next;
}

export function updateLocation(store: Store, tx: Tx, before: Location, next: Location, actor: Actor | null): Location {
  change(store, tx, locations, 'locations', before.id, changedFields(before, next), actor);
  return next;
}

export function updateResource(store: Store, tx: Tx, before: Resource, next: Resource, actor: Actor | null): Resource {
  change(store, tx, resources, 'resources', before.id, changedFields(before, next), actor);
  return next;
}

export function insertAppointmentType(
  store: Store,
  tx: Tx,
  t: Omit<AppointmentType, 'id'> & { id?: string },
  actor: Actor | null,
): AppointmentType {
  const id = t.id ?? timeOrderedUuid();
  const row = {
    ...t,
    id,
    allowedProviderIds: json(t.allowedProviderIds),
    requiredResourceIds: json(t.requiredResourceIds),
    createdAt: new Date().toISOString(),
  };
  tx.insert(appointmentTypes).values(row).run();
  capture(store, tx, 'appointment_types', row, actor);
  return { ...t, id };
}

export function insertTemplate(
  store: Store,
  tx: Tx,
  t: Omit<AvailabilityTemplate, 'id'>,
  actor: Actor | null,
): AvailabilityTemplate {
  const id = timeOrderedUuid();
  const row = { ...t, id, modalities: json(t.modalities), createdAt: new Date().toISOString() };
  tx.insert(availabilityTemplates).values(row).run();
  capture(store, tx, 'availability_templates', row, actor);
  return { ...t, id };
}

export function insertException(
  store: Store,
  tx: Tx,
  e: Omit<ScheduleException, 'id'>,
  actor: Actor | null,
): ScheduleException {
  const id = timeOrderedUuid();
  const row = { ...e, id, createdAt: new Date().toISOString() };
  tx.insert(scheduleExceptions).values(row).run();
  capture(store, tx, 'schedule_exceptions', row, actor);
  return { ...e, id };
}

/** The whole set-up, read once per call: a clinic has tens of providers, not thousands. */
export function readSetup(store: Store): ClinicSetup {
  const { db } = store;
  const locs = db.select().from(locations).orderBy(locations.createdAt, locations.id).all();
  return {
    // The clinic's zone is its first location's; every location keeps its own for its hours.
    timeZone: locs[0]?.timeZone ?? DEFAULT_TIME_ZONE,
    locations: locs.map(({ createdAt: _c, ...l }) => l),
    providers: db
      .select()
      .from(providers)
      .orderBy(providers.name)
      .all()
      .map((p) => ({
        id: p.id,
        name: p.name,
        specialties: list(p.specialties),
        languages: list(p.languages),
        payers: list(p.payers),
        locationIds: list(p.locationIds),
      })),
    resources: db
      .select()
      .from(resources)
      .orderBy(resources.name)
      .all()
      .map(({ createdAt: _c, ...r }) => r),
    types: db
      .select()
      .from(appointmentTypes)
      .orderBy(appointmentTypes.name)
      .all()
      .map(({ createdAt: _c, ...t }) => ({
        ...t,
        allowedProviderIds: list(t.allowedProviderIds),
        requiredResourceIds: list(t.requiredResourceIds),
      })),
    templates: db
      .select()
      .from(availabilityTemplates)
      .all()
      .map(({ createdAt: _c, ...t }) => ({
        ...t,
        modalities: list(t.modalities) as AvailabilityTemplate['modalities'],
      })),
  };
}
