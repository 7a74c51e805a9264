import type { SessionUser } from '../../src-shared/session/contract';

/**
 * Who is at the keyboard. Until workstation sign-in lands (the security issue),
 * the session is opened by the composition root for the workstation's operator.
 */
export class SessionService {
  private user: SessionUser | null = null;

  current(): SessionUser | null {
    return this.user;
  }

  open(user: SessionUser): void {
    this.user = user;
  }

  close(): void {
    this.user = null;
  }
}
