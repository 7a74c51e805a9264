import type { scheduleChannels } from '../../src-shared/schedule/contract';
import type { HandlersFor } from '../ipc/handler';
import type { ScheduleService } from './service';

export function scheduleHandlers(schedule: ScheduleService): HandlersFor<typeof scheduleChannels> {
  return {
    'schedule.setup': () => schedule.setup(),
    'schedule.day': (input) => schedule.day(input.date, input.providerIds),
    'schedule.range': (input) => schedule.range(input.from, input.to, input.providerId),
    'schedule.check': (input) => schedule.conflicts(input),
    'schedule.book': (input, { actor }) => schedule.book(input, actor),
    'schedule.reschedule': (input, { actor }) => schedule.reschedule(input, actor),
    'schedule.cancel': (input, { actor }) => schedule.cancel(input.appointmentId, input.reason, actor),
    'schedule.setStatus': (input, { actor }) => schedule.setStatus(input.appointmentId, input.status, actor),
    'schedule.edit': (input, { actor }) => schedule.edit(input, actor),
    'schedule.findNext': (input) => schedule.findNext(input),
    'schedule.followUp': (input) => schedule.followUp(input.appointmentId, input.weeks, input.limit),
    'schedule.bookSeries': (input, { actor }) => schedule.bookSeries(input, actor),
    'schedule.coordinated': (input, { actor }) => schedule.coordinated(input, actor),
    'schedule.bookFromWaitlist': (input, { actor }) => schedule.bookFromWaitlist(input, actor),
    'schedule.waitlistAdd': (input, { actor }) => schedule.waitlistAdd(input, actor),
    'schedule.waitlist': () => schedule.waitlist(),
    'schedule.waitlistRemove': (input, { actor }) => schedule.waitlistRemove(input.entryId, input.reason, actor),
    'schedule.reminders': (input) => schedule.reminders(input.date),
    'schedule.addProvider': (input, { actor }) => schedule.clinic.addProvider(input, actor),
    'schedule.updateProvider': (input, { actor }) => schedule.clinic.updateProvider(input, actor),
    'schedule.addType': (input, { actor }) => schedule.clinic.addType(input, actor),
    'schedule.updateType': (input, { actor }) => schedule.clinic.updateType(input, actor),
    'schedule.updateLocation': (input, { actor }) => schedule.clinic.updateLocation(input, actor),
    'schedule.addResource': (input, { actor }) => schedule.clinic.addResource(input, actor),
    'schedule.updateResource': (input, { actor }) => schedule.clinic.updateResource(input, actor),
    'schedule.retireResource': (input, { actor }) => schedule.clinic.retireResource(input.resourceId, actor),
    'schedule.addHours': (input, { actor }) => schedule.clinic.addHours(input, actor),
    'schedule.endHours': (input, { actor }) => schedule.clinic.endHours(input.templateId, input.lastDate, actor),
    'schedule.addException': (input, { actor }) => schedule.clinic.addException(input, actor),
    'schedule.removeException': (input, { actor }) => ({
      removed: schedule.clinic.removeException(input.exceptionId, actor),
    }),
    'schedule.exceptions': (input) => schedule.exceptions(input.fromDate, input.toDate),
  };
}
