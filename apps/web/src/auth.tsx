import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, request, setUnauthorizedListener } from './api';
import type { User } from './types';

/** Who is signed in (GET /api/auth/me); the API decides every right again, the UI only hides what it would refuse. */
export type AuthState =
  | { status: 'loading'; user: null }
  | { status: 'signed-in'; user: User }
  | { status: 'signed-out'; user: null; loggedOut?: boolean }
  | { status: 'error'; user: null; message: string };

interface AuthContextValue {
  auth: AuthState;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  refresh: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [auth, setAuth] = useState<AuthState>({ status: 'loading', user: null });
  const [tick, setTick] = useState(0);
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    let live = true;
    request<User>('/api/auth/me', { quiet401: true }).then(
      ({ data }) => live && setAuth({ status: 'signed-in', user: data }),
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.status === 401) setAuth({ status: 'signed-out', user: null });
        else setAuth({ status: 'error', user: null, message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [tick]);

  const path = `${location.pathname}${location.search}`;
  useEffect(() => {
    setUnauthorizedListener(() => {
      setAuth({ status: 'signed-out', user: null });
      if (location.pathname !== '/login') void navigate(`/login?next=${encodeURIComponent(path)}`, { replace: true });
    });
    return () => setUnauthorizedListener(null);
  }, [navigate, path, location.pathname]);

  const login = useCallback(async (username: string, password: string) => {
    const { data } = await request<{ user: User }>('/api/auth/login', { method: 'POST', body: { username, password }, quiet401: true });
    setAuth({ status: 'signed-in', user: data.user });
  }, []);

  const logout = useCallback(async () => {
    try {
      await request<null>('/api/auth/logout', { method: 'POST', quiet401: true });
    } catch {
      // signed out either way
    }
    setAuth({ status: 'signed-out', user: null, loggedOut: true });
  }, []);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const value = useMemo(() => ({ auth, login, logout, refresh }), [auth, login, logout, refresh]);
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
