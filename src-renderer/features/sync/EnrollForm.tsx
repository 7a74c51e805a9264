import { useState } from 'react';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { useSyncStatus } from './sync-store';

/** Enrolls this workstation with the clinic hub using IT's one-time code (`hub-admin enroll-code`). */
export function EnrollForm({ canEnroll }: { canEnroll: boolean }) {
  const announce = useAnnouncer((s) => s.announce);
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!canEnroll) {
    return (
      <p className="sync-enroll">
        This workstation is not enrolled with the clinic hub. An administrator enrolls it here with a code from IT.
      </p>
    );
  }
  const submit = async () => {
    if (busy) return;
    setBusy(true);
    const r = await call('sync.enroll', { code, deviceName });
    setBusy(false);
    if (!r.ok) return setError(Object.values(r.error.fields ?? {})[0] ?? r.error.message);
    setError(null);
    announce(`Enrolled with ${r.value.organizationName}. Sign in with a clinic account to start syncing.`);
    useSyncStatus.getState().refresh();
  };
  return (
    <form
      className="form sync-enroll"
      aria-labelledby="enroll-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="enroll-title">Enroll this workstation</h2>
      <div className="field">
        <label htmlFor="enroll-code">Enrollment code from IT</label>
        <input
          id="enroll-code"
          autoComplete="off"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'enroll-error' : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="enroll-device">Workstation name</label>
        <input id="enroll-device" value={deviceName} onChange={(e) => setDeviceName(e.target.value)} />
      </div>
      {error && (
        <p id="enroll-error" className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Enroll
      </button>
    </form>
  );
}
