import { useCallback, useEffect, useRef, useState } from 'react';

/** One problem with one field, as the API's validation pipe lists them. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/** An error answer of the API: `{ statusCode, code, message, field?, errors? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;

/** The sign-in state registers here: any 401 of a data request sends the user to the login page. */
export function setUnauthorizedListener(listener: UnauthorizedListener | null): void {
  onUnauthorized = listener;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not hand a 401 to the listener (sign-in itself). */
  quiet401?: boolean;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (response.status === 401 && !options.quiet401) onUnauthorized?.();
  if (!response.ok) throw await errorOf(response);
  const text = await response.text();
  const data = (text ? JSON.parse(text) : null) as T;
  return { data, status: response.status, headers: response.headers };
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: { code?: unknown; message?: unknown; field?: unknown; errors?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
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

/** What the API refused, field by field: the list of a 400, or the one field an error names ('' for none). */
export function refusedFields(error: ApiError): { field: string; message: string }[] {
  if (error.errors.length > 0) return error.errors.map((e) => ({ field: e.field, message: e.problems.join('；') }));
  return [{ field: error.field ?? '', message: error.message }];
}

/** A message in Chinese for an error of a query. */
export function errorText(error: Error): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return '登录已失效，请重新登录。';
    if (error.status === 403) return '您没有权限查看此内容。';
    if (error.status === 404) return `未找到：${error.message}`;
    if (error.status === 503) return `数据暂不可用，请稍后重试（${error.message}）。`;
    return `请求失败（${error.status}）：${error.message}`;
  }
  return `无法连接服务器：${error.message}`;
}
