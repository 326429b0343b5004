import { currentSession, login as apiLogin, logout as apiLogout, type Membership, type Session } from './api.ts';

/** The signed-in user and the organisation they work in, shared by every view. */
class SessionState {
  current = $state<Session | null>(null);
  loaded = $state(false);
  /** The organisation the user works in now (the first, until they choose another). */
  organisationId = $state<string | null>(null);
  membership = $derived<Membership | undefined>(this.current?.memberships.find((m) => m.organisationId === this.organisationId));

  async load() {
    this.set(await currentSession());
    this.loaded = true;
  }
  async login(email: string, password: string) {
    this.set(await apiLogin(email, password));
  }
  async logout() {
    await apiLogout();
    this.set(null);
  }
  private set(s: Session | null) {
    this.current = s;
    this.organisationId = s?.memberships[0]?.organisationId ?? null;
  }
}

export const session = new SessionState();
