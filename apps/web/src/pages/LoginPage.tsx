import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api';
import { useAuth, type SecondFactorAnswer } from '../auth';
import { PrivacyNotice } from '../components/PrivacyNotice';

/** Pages the API serves itself (the queue dashboard, the API docs): reached by loading them, not by the router. */
function isServerPage(path: string): boolean {
  return /^\/(admin|api)(\/|$)/.test(path);
}

/** Where to go after signing in: a path of this app only. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

type Step = { step: 'password' } | { step: 'second-factor'; challenge: string };

/** A message beside a field, or for the form as a whole (field ''). */
interface Problem {
  field: 'username' | 'password' | 'code' | 'recoveryCode' | '';
  message: string;
}

export function LoginPage() {
  const { auth, login, secondFactor } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>({ step: 'password' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const next = safeNext(params.get('next'));

  if (auth.status === 'signed-in' && isServerPage(next)) {
    window.location.replace(next);
    return null;
  }
  if (auth.status === 'signed-in') return <Navigate to={next} replace />;

  const signedIn = async () => {
    if (isServerPage(next)) window.location.replace(next);
    else await navigate(next, { replace: true });
  };

  return (
    <div className="login-page">
      <main className="login-main" id="main">
        <div className="login-card">
          <h1>台账</h1>
          <p className="login-sub">滁州市“十四五”公共服务项目台账 · 登录</p>
          {auth.status === 'signed-out' && auth.ended && !problem && (
            <p className="alert alert-info" role="status">
              会话已结束，请重新登录。（长时间未操作、在别处退出或被安全管理员结束，会话都会结束。）
            </p>
          )}
          {step.step === 'password' ? (
            <PasswordStep
              problem={problem}
              onProblem={setProblem}
              submit={async (username, password) => {
                const answer = await login(username, password);
                if (answer.status === 'totp-required') setStep({ step: 'second-factor', challenge: answer.challenge });
                else await signedIn();
              }}
            />
          ) : (
            <SecondFactorStep
              problem={problem}
              onProblem={setProblem}
              submit={async (answer) => {
                await secondFactor(step.challenge, answer);
                await signedIn();
              }}
              restart={(message) => {
                setStep({ step: 'password' });
                setProblem(message ? { field: '', message } : null);
              }}
            />
          )}
        </div>
        <PrivacyNotice />
      </main>
    </div>
  );
}

interface StepProps {
  problem: Problem | null;
  onProblem: (problem: Problem | null) => void;
}

function PasswordStep({ problem, onProblem, submit }: StepProps & { submit: (username: string, password: string) => Promise<void> }) {
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim()) return onProblem({ field: 'username', message: '请输入用户名。' });
    if (!password) return onProblem({ field: 'password', message: '请输入密码。' });
    setBusy(true);
    onProblem(null);
    try {
      await submit(username.trim(), password);
    } catch (caught) {
      onProblem(passwordStepProblem(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <LoginField id={`${id}-username`} label="用户名" problem={problem?.field === 'username' ? problem.message : null}>
        {(props) => <input {...props} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />}
      </LoginField>
      <LoginField id={`${id}-password`} label="密码" problem={problem?.field === 'password' ? problem.message : null}>
        {(props) => <input {...props} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
      </LoginField>
      {problem?.field === '' && (
        <p className="alert alert-error" role="alert">
          {problem.message}
        </p>
      )}
      <button type="submit" className="button-primary button-block" disabled={busy} aria-busy={busy}>
        登录
      </button>
    </form>
  );
}

function SecondFactorStep({ problem, onProblem, submit, restart }: StepProps & { submit: (answer: SecondFactorAnswer) => Promise<void>; restart: (message?: string) => void }) {
  const id = useId();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), [recovery]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!recovery && !/^\d{6}$/.test(code.trim())) return onProblem({ field: 'code', message: '请输入 6 位数字的动态口令。' });
    if (recovery && !/^[0-9-]{12,20}$/.test(recoveryCode.trim())) return onProblem({ field: 'recoveryCode', message: '请输入恢复码，例如 1234-5678-9012。' });
    setBusy(true);
    onProblem(null);
    try {
      await submit(recovery ? { recoveryCode: recoveryCode.trim() } : { code: code.trim() });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'INVALID_CHALLENGE') restart('等待时间过长，请重新输入用户名和密码。');
      else if (caught instanceof ApiError && caught.code === 'INVALID_CREDENTIALS') restart('登录未成功，请重新输入用户名和密码。');
      else onProblem(secondFactorProblem(caught, recovery));
    } finally {
      setBusy(false);
    }
  };

  const toggle = () => {
    onProblem(null);
    setRecovery((on) => !on);
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <h2 className="login-step">
        第二步：{recovery ? '恢复码' : '动态口令'}
      </h2>
      {recovery ? (
        <LoginField
          id={`${id}-recovery`}
          label="恢复码"
          hint="绑定动态口令时保存的恢复码之一，形如 1234-5678-9012；每个只能使用一次。"
          problem={problem?.field === 'recoveryCode' ? problem.message : null}
        >
          {(props) => <input {...props} ref={input} name="recoveryCode" autoComplete="off" spellCheck={false} value={recoveryCode} onChange={(e) => setRecoveryCode(e.target.value)} />}
        </LoginField>
      ) : (
        <LoginField
          id={`${id}-code`}
          label="动态口令"
          hint="打开手机上的身份验证器，输入“滁州台账”当前显示的 6 位数字。"
          problem={problem?.field === 'code' ? problem.message : null}
        >
          {(props) => (
            <input
              {...props}
              ref={input}
              name="code"
              className="code-input"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))}
            />
          )}
        </LoginField>
      )}
      {problem?.field === '' && (
        <p className="alert alert-error" role="alert">
          {problem.message}
        </p>
      )}
      <button type="submit" className="button-primary button-block" disabled={busy} aria-busy={busy}>
        登录
      </button>
      <div className="login-links">
        <button type="button" className="button-link" onClick={toggle}>
          {recovery ? '使用动态口令' : '使用恢复码'}
        </button>
        <button type="button" className="button-link" onClick={() => restart()}>
          重新输入用户名和密码
        </button>
      </div>
      <p className="hint">手机丢失又没有恢复码时，请联系安全管理员重置动态口令。</p>
    </form>
  );
}

interface FieldProps {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/** A labelled input with its hint and, beside it, what was wrong with it. */
function LoginField({ id, label, hint, problem, children }: { id: string; label: string; hint?: string; problem: string | null; children: (props: FieldProps) => ReactNode }) {
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': described || undefined })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {problem && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function waitText(seconds: unknown): string {
  const s = typeof seconds === 'number' && seconds > 0 ? seconds : 60;
  return s >= 90 ? `${Math.ceil(s / 60)} 分钟` : `${Math.ceil(s)} 秒`;
}

function passwordStepProblem(error: unknown): Problem {
  if (error instanceof ApiError) {
    if (error.status === 401) return { field: 'password', message: '用户名或密码错误。连续输错多次后账号会被暂时锁定；忘记密码请联系系统管理员或安全管理员。' };
    if (error.status === 429) return { field: '', message: `登录尝试过于频繁，请 ${waitText(error.body.retryAfterSeconds)}后再试。` };
    if (error.status === 400) return { field: '', message: `输入有误：${error.message}` };
    return { field: '', message: `登录失败（${error.status}）：${error.message}` };
  }
  return { field: '', message: '无法连接服务器，请检查网络后重试。' };
}

function secondFactorProblem(error: unknown, recovery: boolean): Problem {
  const field = recovery ? 'recoveryCode' : 'code';
  if (error instanceof ApiError) {
    if (error.code === 'INVALID_SECOND_FACTOR' || error.status === 400) {
      return { field, message: recovery ? '恢复码不正确或已经用过。' : '动态口令不正确或已过期。请输入手机上当前显示的 6 位数字（每个口令只能用一次）。' };
    }
    if (error.status === 429) return { field: '', message: `尝试过于频繁，请 ${waitText(error.body.retryAfterSeconds)}后再试。` };
    return { field: '', message: `登录失败（${error.status}）：${error.message}` };
  }
  return { field: '', message: '无法连接服务器，请检查网络后重试。' };
}
