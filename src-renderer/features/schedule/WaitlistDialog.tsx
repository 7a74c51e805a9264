import { useId, useState } from 'react';
import { addDays, fromIso, localDate, todayIn } from '../../../src-shared/schedule/clinic-time';
import type { AppointmentView, ClinicSetup } from '../../../src-shared/schedule/schemas';
import { call } from '../../ipc/client';
import { VisitTypeSelect } from './ClinicChoices';
import { Dialog } from './ScheduleDialogs';

/**
 * Put the patient of this appointment on the waitlist for an earlier visit: when a
 * matching appointment is cancelled, they are offered the freed slot.
 */
export function WaitlistDialog({
  setup,
  appointment,
  onAdded,
  onClose,
}: {
  setup: ClinicSetup;
  appointment: AppointmentView;
  onAdded: () => void;
  onClose: () => void;
}) {
  const zone = setup.timeZone;
  const today = todayIn(zone);
  const visitDay = localDate(fromIso(appointment.startsAt), zone);
  const provider = setup.providers.find((p) => p.id === appointment.providerId);
  const [form, setForm] = useState({
    typeId: appointment.typeId,
    sameProvider: true,
    earliestDate: today,
    latestDate: visitDay > today ? addDays(visitDay, -1) : today,
    notes: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = useId();
  const invalid = (field: string) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {};
  const fieldError = (field: string) =>
    errors[field] && (
      <span id={`${id}-${field}-error`} className="error">
        {errors[field]}
      </span>
    );

  const add = async () => {
    const result = await call('schedule.waitlistAdd', {
      patientId: appointment.patientId,
      typeId: form.typeId,
      providerIds: form.sameProvider && provider ? [provider.id] : [],
      earliestDate: form.earliestDate,
      latestDate: form.latestDate,
      notes: form.notes,
    });
    if (result.ok) return onAdded();
    setErrors(result.error.fields ?? { form: result.error.message });
  };

  return (
    <Dialog title={`Waitlist ${appointment.patientName} for an earlier visit`} onClose={onClose}>
      <form
        className="schedule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <VisitTypeSelect
          types={setup.types}
          autoFocus
          value={form.typeId}
          onChange={(typeId) => setForm({ ...form, typeId })}
          error={errors.typeId}
        />
        {provider && (
          <label className="check">
            <input
              type="checkbox"
              checked={form.sameProvider}
              onChange={(e) => setForm({ ...form, sameProvider: e.target.checked })}
            />{' '}
            Only with {provider.name}
          </label>
        )}
        <div className="field">
          <label htmlFor={`${id}-earliest`}>Earliest date</label>
          <input
            id={`${id}-earliest`}
            type="date"
            value={form.earliestDate}
            onChange={(e) => setForm({ ...form, earliestDate: e.target.value })}
            {...invalid('earliestDate')}
          />
          {fieldError('earliestDate')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-latest`}>Latest date</label>
          <input
            id={`${id}-latest`}
            type="date"
            value={form.latestDate}
            onChange={(e) => setForm({ ...form, latestDate: e.target.value })}
            {...invalid('latestDate')}
          />
          {fieldError('latestDate')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-notes`}>Notes (best times to call)</label>
          <input id={`${id}-notes`} value={form.notes} onChange={(e) => setForm({ ...form, notes: e.target.value })} />
        </div>
        {Object.keys(errors).length > 0 && (
          <p role="alert" className="error">
            {errors.form ?? 'Check the dates'}
          </p>
        )}
        <div className="form-actions">
          <button type="submit">Add to waitlist</button>
          <button type="button" onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}
