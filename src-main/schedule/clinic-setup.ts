import { eq } from 'drizzle-orm';
import { DomainError } from '../../src-shared/errors';
import { addDays, dayBounds, parseWallTime, toIso, zonedInstant } from '../../src-shared/schedule/clinic-time';
import type {
  AppointmentType,
  AvailabilityTemplate,
  ClinicSetup,
  ExceptionInput,
  HoursInput,
  Provider,
  ProviderInput,
  ScheduleException,
  TypeInput,
} from '../../src-shared/schedule/schemas';
import type { Actor, Store, Tx } from '../store/store';
import { insertAppointmentType, insertException, insertProvider, insertTemplate } from './setup';
import { availabilityTemplates, scheduleExceptions } from './table';

/**
 * What a supervisor or admin changes in the clinic's set-up: providers, visit types,
 * weekly hours and exceptions (leave, holidays, blocks). Each write is the row and its
 * outbox entry in one transaction, then the schedule's cached set-up is dropped.
 * Hours are ended on a date, never deleted, so visits already booked in them keep
 * their explanation; an exception entered by mistake is removed.
 */
export class ClinicSetupAdmin {
  constructor(
    private readonly store: Store,
    private readonly current: () => ClinicSetup,
    private readonly changed: () => void,
  ) {}

  addProvider(input: ProviderInput, actor: Actor): Provider {
    input.locationIds.forEach((l, i) => this.requireLocation(l, `locationIds.${i}`));
    return this.write((tx) => insertProvider(this.store, tx, input, actor));
  }

  addType(input: TypeInput, actor: Actor): AppointmentType {
    input.allowedProviderIds.forEach((p, i) => this.requireProvider(p, `allowedProviderIds.${i}`));
    return this.write((tx) => insertAppointmentType(this.store, tx, { ...input, requiredResourceIds: [] }, actor));
  }

  addHours(input: HoursInput, actor: Actor): AvailabilityTemplate[] {
    this.requireProvider(input.providerId, 'providerId');
    this.requireLocation(input.locationId, 'locationId');
    const { weekdays, ...hours } = input;
    return this.write((tx) => weekdays.map((weekday) => insertTemplate(this.store, tx, { ...hours, weekday }, actor)));
  }

  endHours(templateId: string, lastDate: string, actor: Actor): AvailabilityTemplate {
    const template = this.current().templates.find((t) => t.id === templateId);
    if (!template) throw new DomainError('NOT_FOUND', 'No such hours', { templateId: 'Choose hours to end' });
    // The day before they start is allowed: hours entered by mistake then never apply.
    if (lastDate < addDays(template.effectiveFrom, -1)) {
      throw new DomainError('VALIDATION', `These hours start on ${template.effectiveFrom}; end them on or after it`, {
        lastDate: 'End them on or after the day they start',
      });
    }
    return this.write((tx) => {
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

  addException(input: ExceptionInput, actor: Actor): ScheduleException {
    if (input.providerId !== null) this.requireProvider(input.providerId, 'providerId');
    if (input.locationId !== null) this.requireLocation(input.locationId, 'locationId');
    const zone = this.current().timeZone;
    const start = input.fromTime
      ? zonedInstant(input.fromDate, parseWallTime(input.fromTime), zone)
      : dayBounds(input.fromDate, zone).start;
    const end = input.toTime
      ? zonedInstant(input.toDate, parseWallTime(input.toTime), zone)
      : dayBounds(input.toDate, zone).end;
    return this.write((tx) =>
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

  removeException(exceptionId: string, actor: Actor): boolean {
    return this.write((tx) => {
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

  private write<T>(fn: (tx: Tx) => T): T {
    const result = this.store.write(fn);
    this.changed();
    return result;
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
