import { eq } from 'drizzle-orm';
import { DomainError } from '../../src-shared/errors';
import type { AuditAction } from '../../src-shared/ipc/channel';
import { addDays, dayBounds, parseWallTime, toIso, zonedInstant } from '../../src-shared/schedule/clinic-time';
import type {
  AppointmentType,
  AvailabilityTemplate,
  ClinicSetup,
  ExceptionInput,
  HoursInput,
  Location,
  LocationUpdate,
  Provider,
  ProviderInput,
  ProviderUpdate,
  Resource,
  ResourceInput,
  ResourceUpdate,
  ScheduleException,
  TypeInput,
  TypeUpdate,
} from '../../src-shared/schedule/schemas';
import type { SessionUser } from '../../src-shared/session/contract';
import { appendAudit } from '../audit/audit-log';
import type { Store, Tx } from '../store/store';
import {
  insertAppointmentType,
  insertException,
  insertProvider,
  insertResource,
  insertTemplate,
  updateAppointmentType,
  updateLocation,
  updateProvider,
  updateResource,
} from './setup';
import { availabilityTemplates, scheduleExceptions } from './table';

/**
 * What a supervisor or admin changes in the clinic's set-up: providers, visit types,
 * weekly hours and exceptions (leave, holidays, blocks). Each write is the row and its
 * outbox entry in one transaction, then the schedule's cached set-up is dropped.
 * Hours are ended on a date, never deleted, so visits already booked in them keep
 * their explanation; an exception entered by mistake is removed. Every change is on
 * the audit record with who made it: set-up decides who can be booked when.
 */
export class ClinicSetupAdmin {
  constructor(
    private readonly store: Store,
    private readonly current: () => ClinicSetup,
    private readonly changed: () => void,
  ) {}

  addProvider(input: ProviderInput, actor: SessionUser): Provider {
    input.locationIds.forEach((l, i) => this.requireLocation(l, `locationIds.${i}`));
    return this.write(actor, 'create', 'schedule.addProvider', (tx) => insertProvider(this.store, tx, input, actor));
  }

  /** Specialties, languages, payers and locations; the hours already entered stay as they are. */
  updateProvider(input: ProviderUpdate, actor: SessionUser): Provider {
    const { providerId, ...fields } = input;
    const before = this.current().providers.find((p) => p.id === providerId);
    if (!before) throw new DomainError('NOT_FOUND', 'No provider with that id', { providerId: 'Choose a provider' });
    fields.locationIds.forEach((l, i) => this.requireLocation(l, `locationIds.${i}`));
    return this.write(actor, 'update', 'schedule.updateProvider', (tx) =>
      updateProvider(this.store, tx, before, { ...before, ...fields }, actor),
    );
  }

  addType(input: TypeInput, actor: SessionUser): AppointmentType {
    this.requireTypeReferences(input);
    return this.write(actor, 'create', 'schedule.addType', (tx) => insertAppointmentType(this.store, tx, input, actor));
  }

  /** Visits already booked keep their times and rooms; the change applies to bookings from now on. */
  updateType(input: TypeUpdate, actor: SessionUser): AppointmentType {
    const { typeId, ...fields } = input;
    const before = this.current().types.find((t) => t.id === typeId);
    if (!before) throw new DomainError('NOT_FOUND', 'No visit type with that id', { typeId: 'Choose a visit type' });
    this.requireTypeReferences(fields);
    return this.write(actor, 'update', 'schedule.updateType', (tx) =>
      updateAppointmentType(this.store, tx, before, { ...before, ...fields }, actor),
    );
  }

  /** Its name and telehealth link template; visits already booked keep the links they were given. */
  updateLocation(input: LocationUpdate, actor: SessionUser): Location {
    const { locationId, ...fields } = input;
    const before = this.current().locations.find((l) => l.id === locationId);
    if (!before) throw new DomainError('NOT_FOUND', 'No location with that id', { locationId: 'Choose a location' });
    return this.write(actor, 'update', 'schedule.updateLocation', (tx) =>
      updateLocation(this.store, tx, before, { ...before, ...fields }, actor),
    );
  }

  addResource(input: ResourceInput, actor: SessionUser): Resource {
    this.requireLocation(input.locationId, 'locationId');
    return this.write(actor, 'create', 'schedule.addResource', (tx) => insertResource(this.store, tx, input, actor));
  }

  updateResource(input: ResourceUpdate, actor: SessionUser): Resource {
    const { resourceId, ...fields } = input;
    const before = this.requireResource(resourceId);
    this.requireLocation(fields.locationId, 'locationId');
    return this.write(actor, 'update', 'schedule.updateResource', (tx) =>
      updateResource(this.store, tx, before, { ...before, ...fields }, actor),
    );
  }

  /**
   * A retired room or piece of equipment is never required again, so a visit type that
   * still needs it must let it go first: otherwise its visits would wait on a room that
   * no longer exists, or silently stop holding one.
   */
  retireResource(resourceId: string, actor: SessionUser): Resource {
    const before = this.requireResource(resourceId);
    const needing = this.current().types.filter((t) => t.requiredResourceIds.includes(resourceId));
    if (needing.length) {
      throw new DomainError(
        'CONFLICT',
        `${needing.map((t) => t.name).join(', ')} still ${needing.length === 1 ? 'needs' : 'need'} ${before.name}; take it off ${needing.length === 1 ? 'that visit type' : 'those visit types'} first`,
        { resourceId: `Still required by ${needing.map((t) => t.name).join(', ')}` },
      );
    }
    return this.write(actor, 'update', 'schedule.retireResource', (tx) =>
      updateResource(this.store, tx, before, { ...before, retiredAt: new Date().toISOString() }, actor),
    );
  }

  addHours(input: HoursInput, actor: SessionUser): AvailabilityTemplate[] {
    this.requireProvider(input.providerId, 'providerId');
    this.requireLocation(input.locationId, 'locationId');
    const { weekdays, ...hours } = input;
    return this.write(actor, 'create', 'schedule.addHours', (tx) =>
      weekdays.map((weekday) => insertTemplate(this.store, tx, { ...hours, weekday }, actor)),
    );
  }

  endHours(templateId: string, lastDate: string, actor: SessionUser): AvailabilityTemplate {
    const template = this.current().templates.find((t) => t.id === templateId);
    if (!template) throw new DomainError('NOT_FOUND', 'No such hours', { templateId: 'Choose hours to end' });
    // The day before they start is allowed: hours entered by mistake then never apply.
    if (lastDate < addDays(template.effectiveFrom, -1)) {
      throw new DomainError('VALIDATION', `These hours start on ${template.effectiveFrom}; end them on or after it`, {
        lastDate: 'End them on or after the day they start',
      });
    }
    return this.write(actor, 'update', 'schedule.endHours', (tx) => {
      tx.update(availabilityTemplates)
        .set({ effectiveTo: lastDate })
        .where(eq(availabilityTemplates.id, templateId))
        .run();
      this.store.recordChange(
        tx,
        { tableName: 'availability_templates', rowId: templateId, op: 'update', fields: { effectiveTo: lastDate } },
        actor,
      );
      return { ...template, effectiveTo: lastDate };
    });
  }

  addException(input: ExceptionInput, actor: SessionUser): ScheduleException {
    if (input.providerId !== null) this.requireProvider(input.providerId, 'providerId');
    if (input.locationId !== null) this.requireLocation(input.locationId, 'locationId');
    const zone = this.current().timeZone;
    const start = input.fromTime
      ? zonedInstant(input.fromDate, parseWallTime(input.fromTime), zone)
      : dayBounds(input.fromDate, zone).start;
    const end = input.toTime
      ? zonedInstant(input.toDate, parseWallTime(input.toTime), zone)
      : dayBounds(input.toDate, zone).end;
    return this.write(actor, 'create', 'schedule.addException', (tx) =>
      insertException(
        this.store,
        tx,
        {
          providerId: input.providerId,
          locationId: input.locationId,
          kind: input.kind,
          startsAt: toIso(start),
          endsAt: toIso(end),
          reason: input.reason,
        },
        actor,
      ),
    );
  }

  removeException(exceptionId: string, actor: SessionUser): boolean {
    return this.write(actor, 'delete', 'schedule.removeException', (tx) => {
      const gone = tx.delete(scheduleExceptions).where(eq(scheduleExceptions.id, exceptionId)).run().changes > 0;
      if (gone) {
        this.store.recordChange(
          tx,
          { tableName: 'schedule_exceptions', rowId: exceptionId, op: 'delete', fields: {} },
          actor,
        );
      }
      return gone;
    });
  }

  /** The change, its outbox entries and its audit entry in one transaction; then the cached set-up is dropped. */
  private write<T>(actor: SessionUser, action: AuditAction, channel: string, fn: (tx: Tx) => T): T {
    const result = this.store.write((tx) => {
      const value = fn(tx);
      appendAudit(this.store, tx, {
        action,
        channel,
        userId: actor.userId,
        username: actor.username,
        patientIds: [],
      });
      return value;
    });
    this.changed();
    return result;
  }

  /** Allowed providers exist; required rooms and equipment exist and are in use. */
  private requireTypeReferences(input: { allowedProviderIds: string[]; requiredResourceIds: string[] }): void {
    input.allowedProviderIds.forEach((p, i) => this.requireProvider(p, `allowedProviderIds.${i}`));
    input.requiredResourceIds.forEach((r, i) => {
      const resource = this.requireResource(r, `requiredResourceIds.${i}`);
      if (resource.retiredAt)
        throw new DomainError('VALIDATION', `${resource.name} is retired`, {
          [`requiredResourceIds.${i}`]: `${resource.name} is retired; choose another`,
        });
    });
  }

  private requireResource(id: string, field = 'resourceId'): Resource {
    const found = this.current().resources.find((r) => r.id === id);
    if (!found)
      throw new DomainError('NOT_FOUND', 'No room or equipment with that id', { [field]: 'Choose a resource' });
    return found;
  }

  private requireProvider(id: string, field: string): void {
    if (!this.current().providers.some((p) => p.id === id))
      throw new DomainError('NOT_FOUND', 'No provider with that id', { [field]: 'Choose a provider' });
  }

  private requireLocation(id: string, field: string): void {
    if (!this.current().locations.some((l) => l.id === id))
      throw new DomainError('NOT_FOUND', 'No location with that id', { [field]: 'Choose a location' });
  }
}
