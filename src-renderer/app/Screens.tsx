import { AuditLog } from '../features/audit/AuditLog';
import { CallDetail } from '../features/calls/CallDetail';
import { CallEntry } from '../features/calls/CallEntry';
import { CallLog } from '../features/calls/CallLog';
import { TaskDetail } from '../features/tasks/TaskDetail';
import { Worklist } from '../features/tasks/Worklist';
import { IntakeForm } from '../features/patients/IntakeForm';
import { UsersScreen } from '../features/session/UsersScreen';
import { ChangePasswordForm } from '../features/session/ChangePasswordForm';
import { SettingsScreen } from '../features/policy/SettingsScreen';
import { PatientChart } from '../features/patients/PatientChart';
import { MergePatients } from '../features/patients/MergePatients';
import { FindNextAvailable } from '../features/schedule/FindNextAvailable';
import { Reminders } from '../features/schedule/Reminders';
import { CoordinatedVisits } from '../features/schedule/CoordinatedVisits';
import { ClinicSetupScreen } from '../features/schedule/ClinicSetupScreen';
import { ScheduleGrid } from '../features/schedule/ScheduleGrid';
import { SyncWorklist } from '../features/sync/SyncWorklist';
import { WaitlistScreen } from '../features/waitlist/WaitlistScreen';
import { useNavigation } from './navigation';

export function Screens() {
  const screen = useNavigation((s) => s.screen);
  switch (screen.name) {
    case 'home':
      return <Home />;
    case 'schedule':
      return <ScheduleGrid />;
    case 'find-slot':
      return <FindNextAvailable />;
    case 'reminders':
      return <Reminders />;
    case 'waitlist':
      return <WaitlistScreen />;
    case 'coordinated':
      return <CoordinatedVisits />;
    case 'clinic-setup':
      return <ClinicSetupScreen />;
    case 'new-patient':
      return <IntakeForm />;
    case 'patient':
      return <PatientChart key={screen.patientId} patientId={screen.patientId} />;
    case 'patient-merge':
      return <MergePatients key={screen.patientId} patientId={screen.patientId} />;
    case 'audit':
      return <AuditLog />;
    case 'users':
      return <UsersScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'my-password':
      return <ChangePasswordForm screen />;
    case 'call-entry':
      return <CallEntry key={screen.openedAt} />;
    case 'call':
      return <CallDetail key={screen.callId} callId={screen.callId} />;
    case 'call-log':
      return <CallLog />;
    case 'worklist':
      return <Worklist />;
    case 'sync':
      return <SyncWorklist />;
    case 'task':
      return <TaskDetail key={screen.taskId} taskId={screen.taskId} />;
  }
}

function Home() {
  return (
    <section aria-labelledby="home-title" className="home">
      <h1 id="home-title">Ready</h1>
      <p>
        Press <kbd>Ctrl+K</kbd> to find a patient by name, date of birth, phone or MRN, <kbd>Ctrl+N</kbd> for a new
        patient, <kbd>Ctrl+L</kbd> to log a call, <kbd>Alt+W</kbd> for your worklist, <kbd>?</kbd> for every shortcut.
      </p>
    </section>
  );
}
