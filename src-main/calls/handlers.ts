import type { callChannels } from '../../src-shared/calls/contract';
import type { HandlersFor } from '../ipc/handler';
import { taskActor } from '../tasks/handlers';
import type { CallService } from './service';

export function callHandlers(calls: CallService): HandlersFor<typeof callChannels> {
  return {
    'calls.log': (input, { actor }) => calls.log(input, taskActor(actor)),
    'calls.addAddendum': (input, { actor }) => calls.addAddendum(input.callId, input.text, taskActor(actor)),
    'calls.get': (input) => calls.get(input.id),
    'calls.query': (input) => calls.query(input.filter, input.offset, input.limit),
    'calls.export': (input) => calls.exportCsv(input.filter),
    'calls.matchCaller': (input) => calls.matchCaller(input.phone),
    'calls.checkCaller': (input) => calls.checkCaller(input.patientId, input.callerKind, input.callerName),
    'calls.appointmentsFor': (input) => calls.appointmentsFor(input.patientId),
    'calls.figures': () => calls.figures(),
    'calls.coordinators': () => calls.coordinators(),
  };
}
