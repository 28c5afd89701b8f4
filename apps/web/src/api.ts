import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionScope, User } from './types';

/** One problem with one field, as the API's validation pipe lists them. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/** An error answer of the API: `{ statusCode, code, message, field?, errors?, messageZh?, … }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly errors: FieldProblem[] = [],
    /** The whole answer, for what some errors add (messageZh, reason, retryAfterSeconds). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The API's own explanation in Chinese, where it gives one (a refused password). */
  get messageZh(): string | undefined {
    return typeof this.body.messageZh === 'string' ? this.body.messageZh : undefined;
  }
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

/** What the sign-in state hears of the answers to data requests. */
export interface SessionListener {
  /** 401: not signed in (any more). */
  unauthorized(): void;
  /** 403 PASSWORD_CHANGE_REQUIRED / TOTP_ENROLMENT_REQUIRED: the session must do that first. */
  setUpRequired(scope: Exclude<SessionScope, 'full'>): void;
  /** The session's details read again (after a CSRF refusal: another tab started a new session). */
  refreshed(user: User): void;
}

let listener: SessionListener | null = null;

/** The sign-in state registers here. */
export function setSessionListener(next: SessionListener | null): void {
  listener = next;
}

/**
 * The session's CSRF token (from sign-in and GET /api/auth/me), kept in memory only: every write sent
 * with the session cookie carries it as X-CSRF-Token, which a page of another site cannot read.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SET_UP_CODES: Record<string, Exclude<SessionScope, 'full'>> = {
  PASSWORD_CHANGE_REQUIRED: 'password-change',
  TOTP_ENROLMENT_REQUIRED: 'totp-enrolment',
};

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not hand a 401 to the listener (sign-in itself, and asking whether anyone is signed in). */
  quiet401?: boolean;
}

export function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  return send<T>(path, options, false);
}

async function send<T>(path: string, options: RequestOptions, retried: boolean): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (response.status === 401 && !options.quiet401) listener?.unauthorized();
  if (!response.ok) {
    const error = await errorOf(response);
    const setUp = error.status === 403 ? SET_UP_CODES[error.code] : undefined;
    if (setUp) listener?.setUpRequired(setUp);
    // The cookie may belong to a newer session than the token (signed in again in another tab): read it once and try again.
    if (error.status === 403 && error.code === 'CSRF_REFUSED' && method !== 'GET' && !retried && (await refreshSession())) {
      return send<T>(path, options, true);
    }
    throw error;
  }
  const text = await response.text();
  const data = (text ? JSON.parse(text) : null) as T;
  return { data, status: response.status, headers: response.headers };
}

async function refreshSession(): Promise<boolean> {
  try {
    const { data } = await request<User>('/api/auth/me', { quiet401: true });
    setCsrfToken(data.csrfToken);
    listener?.refreshed(data);
    return true;
  } catch {
    return false;
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  const message = typeof body.message === 'string' ? body.message : `${response.status} ${response.statusText}`;
  return new ApiError(
    response.status,
    typeof body.code === 'string' ? body.code : String(response.status),
    message,
    typeof body.field === 'string' ? body.field : undefined,
    Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : [],
    body,
  );
}

/** A query string from the values that are set (empty strings and undefined are left out). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface Loaded<T> {
  data: T | null;
  error: ApiError | Error | null;
  loading: boolean;
  /** The log position the answer reflects (X-Log-Position). */
  position: string | null;
  reload: () => void;
}

/** GETs `url` (null: nothing) and again whenever it changes; the previous answer stays shown while the next loads. */
export function useApi<T>(url: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | Error | null; loading: boolean; position: string | null }>({
    data: null,
    error: null,
    loading: url !== null,
    position: null,
  });
  const [tick, setTick] = useState(0);
  const current = useRef(url);
  current.current = url;

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    request<T>(url, { signal: controller.signal }).then(
      (response) => {
        if (current.current === url) setState({ data: response.data, error: null, loading: false, position: response.headers.get('X-Log-Position') });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ ...s, error: error instanceof Error ? error : new Error(String(error)), loading: false }));
      },
    );
    return () => controller.abort();
  }, [url, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Reads a list again when something elsewhere on the page changed it (`changes` counts up from 0; 0: just read). */
export function useReloadOn(changes: number | undefined, reload: () => void): void {
  useEffect(() => {
    if (changes) reload();
  }, [changes, reload]);
}

/** What the API refused, field by field: the list of a 400, or the one field an error names ('' for none). */
export function refusedFields(error: ApiError): { field: string; message: string }[] {
  if (error.errors.length > 0) return error.errors.map((e) => ({ field: e.field, message: e.problems.join('；') }));
  return [{ field: error.field ?? '', message: error.message }];
}

/** A message in Chinese for an error of a query. */
export function errorText(error: Error): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return '会话已结束，请重新登录。';
    if (error.status === 403) return '您没有权限查看此内容。';
    if (error.status === 404) return `未找到：${error.message}`;
    if (error.status === 503) return `数据暂不可用，请稍后重试（${error.message}）。`;
    return `请求失败（${error.status}）：${error.message}`;
  }
  return `无法连接服务器：${error.message}`;
}

/** Text as base64 (UTF-8), e.g. for a data: URL. */
export function base64Of(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
