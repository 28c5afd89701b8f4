import { useId, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api';
import { useAuth } from '../auth';

/** Where to go after signing in: a path of this app only. */
/** Pages the API serves itself (the queue dashboard, the API docs): reached by loading them, not by the router. */
function isServerPage(path: string): boolean {
  return /^\/(admin|api)(\/|$)/.test(path);
}

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { auth, login } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (auth.status === 'signed-in' && isServerPage(next)) {
    window.location.replace(next);
    return null;
  }
  if (auth.status === 'signed-in') return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('请输入用户名和密码。');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      if (isServerPage(next)) window.location.replace(next);
      else await navigate(next, { replace: true });
    } catch (caught) {
      setError(loginError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <main className="login-card" id="main">
        <h1>台账</h1>
        <p className="login-sub">滁州市“十四五”公共服务项目台账 · 登录</p>
        <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={error ? `${id}-error` : undefined}>
          <div className="field">
            <label htmlFor={`${id}-username`}>用户名</label>
            <input id={`${id}-username`} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>密码</label>
            <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </div>
          {error && (
            <p id={`${id}-error`} className="alert alert-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button-primary button-block" disabled={busy} aria-busy={busy}>
            登录
          </button>
        </form>
      </main>
    </div>
  );
}

function loginError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return '用户名或密码错误。';
    if (error.status === 429) return '登录尝试过于频繁，请稍后再试。';
    if (error.status === 400) return `输入有误：${error.message}`;
    if (error.status === 404) return '服务端尚未启用登录功能。';
    return `登录失败（${error.status}）：${error.message}`;
  }
  return '无法连接服务器，请检查网络后重试。';
}
