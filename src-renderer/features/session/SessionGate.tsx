import { useEffect, type ReactNode } from 'react';
import { subscribe } from '../../ipc/client';
import { useActivityReports } from './activity';
import { FirstRunSetup } from './FirstRunSetup';
import { LockScreen } from './LockScreen';
import { SignInForm } from './SignInForm';
import { useSession } from './session-store';
import './session.css';

/**
 * Nothing of the app (and so nothing about any patient) renders until someone is
 * signed in and the session is unlocked. The main process decides; this follows.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const session = useSession((s) => s.session);
  const problem = useSession((s) => s.problem);
  // The first question went out as the page started (src-renderer/ask-session-first.ts).
  useEffect(() => subscribe('session.changed', () => void useSession.getState().refresh()), []);
  useActivityReports(session?.state === 'active');

  if (session?.state === 'active') return <>{children}</>;
  return (
    <main className="gate">
      <span className="gate-brand" aria-hidden="true">
        CareDesk
      </span>
      {problem ? (
        <p role="alert">{problem}</p>
      ) : !session ? (
        <p aria-busy="true">Starting…</p>
      ) : session.state === 'setup' ? (
        <FirstRunSetup />
      ) : session.state === 'locked' && session.user ? (
        <LockScreen user={session.user} />
      ) : (
        <SignInForm title="Sign in to CareDesk" />
      )}
    </main>
  );
}
