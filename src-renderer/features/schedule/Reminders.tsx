import { useCallback, useEffect, useId, useState } from 'react';
import { addDays, displayDay, displayTime, fromIso, todayIn } from '../../../src-shared/schedule/clinic-time';
import type { ChannelOutput } from '../../../src-shared/ipc/channel';
import type { Contract } from '../../../src-shared/ipc/contract';
import { displayPhone } from '../../../src-shared/phone';
import { RecordTable } from '../../components/RecordTable';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';

type Reminder = ChannelOutput<Contract['schedule.reminders']>[number];

/** Tomorrow's call list: visits not yet confirmed, with phone and language; confirm as you call. */
export function Reminders() {
  const announce = useAnnouncer((a) => a.announce);
  const [date, setDate] = useState('');
  const [zone, setZone] = useState('America/New_York');
  const [rows, setRows] = useState<Reminder[] | null>(null);
  const id = useId();

  useEffect(() => {
    void call('schedule.setup', {}).then((r) => {
      if (!r.ok) return;
      setZone(r.value.timeZone);
      setDate(addDays(todayIn(r.value.timeZone), 1));
    });
  }, []);
  const load = useCallback(() => {
    if (date) void call('schedule.reminders', { date }).then((r) => setRows(r.ok ? r.value : []));
  }, [date]);
  useEffect(load, [load]);

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Reminder calls{date && ` · ${displayDay(date)}`}</h1>
      {rows === null ? (
        <p role="status">Loading…</p>
      ) : rows.length === 0 ? (
        <p role="status">Every appointment that day is confirmed.</p>
      ) : (
        <RecordTable
          label="Appointments to confirm"
          records={rows}
          recordKey={(r) => r.id}
          columns={[
            { header: 'Time', cell: (r) => displayTime(fromIso(r.startsAt), zone) },
            { header: 'Patient', cell: (r) => r.patientName },
            { header: 'Phone', cell: (r) => (r.patientPhone ? displayPhone(r.patientPhone) : '—') },
            { header: 'Language', cell: (r) => `${r.language}${r.interpreterNeeded ? ' (interpreter)' : ''}` },
            { header: 'Provider and visit', cell: (r) => `${r.providerName} · ${r.typeName}` },
          ]}
          actions={{
            header: 'Confirm',
            cell: (r) => (
              <button
                type="button"
                aria-label={`Confirm ${r.patientName}`}
                onClick={() =>
                  void call('schedule.setStatus', { appointmentId: r.id, status: 'confirmed' }).then((res) => {
                    announce(res.ok ? `Confirmed ${r.patientName}` : `Not confirmed: ${res.error.message}`);
                    load();
                  })
                }
              >
                Confirm
              </button>
            ),
          }}
        />
      )}
    </section>
  );
}
