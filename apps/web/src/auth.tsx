import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, request, setCsrfToken, setSessionListener } from './api';
import type { SessionScope, SignedIn, TotpRequired, User } from './types';

/** Who is signed in (GET /api/auth/me); the API decides every right again, the UI only hides what it would refuse. */
export type AuthState =
  | { status: 'loading'; user: null }
  | { status: 'signed-in'; user: User }
  /** loggedOut: by 退出; ended: the session ended on its own (idle, ended by an administrator, signed out elsewhere). */
  | { status: 'signed-out'; user: null; loggedOut?: boolean; ended?: boolean }
  | { status: 'error'; user: null; message: string };

export type SecondFactorAnswer = { code: string } | { recoveryCode: string };

interface AuthContextValue {
  auth: AuthState;
  /** The password step: signed in, or a challenge for the second factor. */
  login: (username: string, password: string) => Promise<SignedIn | TotpRequired>;
  /** The second step: the authenticator's code or a recovery code. */
  secondFactor: (challenge: string, answer: SecondFactorAnswer) => Promise<SignedIn>;
  /** A new session handed out by a password change or a confirmed enrolment (new cookie, new CSRF token, new scope). */
  adopt: (answer: SignedIn) => void;
  /** Own details changed (PATCH /api/auth/me). */
  update: (user: User) => void;
  logout: () => Promise<void>;
  refresh: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Set while this tab is signed in, so that after a reload a 401 can say the session ended rather than ask to sign in. */
const SIGNED_IN_MARK = 'taizhang.signed-in';

function mark(signedIn: boolean): void {
  try {
    if (signedIn) sessionStorage.setItem(SIGNED_IN_MARK, '1');
    else sessionStorage.removeItem(SIGNED_IN_MARK);
  } catch {
    // storage disabled: the note after a reload is only a courtesy
  }
}

function wasSignedIn(): boolean {
  try {
    return sessionStorage.getItem(SIGNED_IN_MARK) === '1';
  } catch {
    return false;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [auth, setAuthState] = useState<AuthState>({ status: 'loading', user: null });
  const current = useRef(auth);
  const [tick, setTick] = useState(0);
  const navigate = useNavigate();
  const location = useLocation();

  const setAuth = useCallback((next: AuthState) => {
    current.current = next;
    setCsrfToken(next.status === 'signed-in' ? next.user.csrfToken : null);
    if (next.status === 'signed-in') mark(true);
    if (next.status === 'signed-out') mark(false);
    setAuthState(next);
  }, []);

  useEffect(() => {
    let live = true;
    request<User>('/api/auth/me', { quiet401: true }).then(
      ({ data }) => live && setAuth({ status: 'signed-in', user: data }),
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.status === 401) setAuth({ status: 'signed-out', user: null, ended: wasSignedIn() });
        else setAuth({ status: 'error', user: null, message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [tick, setAuth]);

  const path = `${location.pathname}${location.search}`;
  useEffect(() => {
    setSessionListener({
      unauthorized: () => {
        const before = current.current;
        if (before.status === 'signed-out') return;
        setAuth({ status: 'signed-out', user: null, ended: before.status === 'signed-in' });
        if (location.pathname !== '/login') void navigate(`/login?next=${encodeURIComponent(path)}`, { replace: true });
      },
      setUpRequired: (scope: Exclude<SessionScope, 'full'>) => {
        const before = current.current;
        if (before.status === 'signed-in' && before.user.scope !== scope) setAuth({ status: 'signed-in', user: { ...before.user, scope } });
      },
      refreshed: (user: User) => setAuth({ status: 'signed-in', user }),
    });
    return () => setSessionListener(null);
  }, [navigate, path, location.pathname, setAuth]);

  const adopt = useCallback((answer: SignedIn) => setAuth({ status: 'signed-in', user: { ...answer.user, csrfToken: answer.csrfToken, scope: answer.scope } }), [setAuth]);

  const login = useCallback(
    async (username: string, password: string) => {
      const { data } = await request<SignedIn | TotpRequired>('/api/auth/login', { method: 'POST', body: { username, password }, quiet401: true });
      if (data.status === 'signed-in') adopt(data);
      return data;
    },
    [adopt],
  );

  const secondFactor = useCallback(
    async (challenge: string, answer: SecondFactorAnswer) => {
      const { data } = await request<SignedIn>('/api/auth/login/totp', { method: 'POST', body: { challenge, ...answer }, quiet401: true });
      adopt(data);
      return data;
    },
    [adopt],
  );

  const update = useCallback((user: User) => setAuth({ status: 'signed-in', user }), [setAuth]);

  const logout = useCallback(async () => {
    try {
      await request<null>('/api/auth/logout', { method: 'POST', quiet401: true });
    } catch {
      // signed out either way
    }
    setAuth({ status: 'signed-out', user: null, loggedOut: true });
  }, [setAuth]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const value = useMemo(() => ({ auth, login, secondFactor, adopt, update, logout, refresh }), [auth, login, secondFactor, adopt, update, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** May this user record progress on a project of that county? (admin: all; manager: their county.) */
export function canWrite(user: User | null, county: string): boolean {
  if (!user) return false;
  if (user.role === 'admin') return true;
  return user.role === 'manager' && user.county === county;
}
