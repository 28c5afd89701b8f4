import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, base64Of, request } from '../api';
import { AppLink } from '../as-of';
import { useAuth } from '../auth';
import { ErrorBox, Loading } from '../components/Bits';
import { todayInShanghai } from '../dates';
import { roleTitle } from '../labels';
import type { SignedIn, TotpEnrolment } from '../types';

/** The secret in groups of four, as authenticator apps show it for typing in. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * 绑定动态口令 (TOTP): a new secret as a QR code and as text, confirmed by a first code; then the ten
 * recovery codes, shown this once. Forced for administrator roles without one; anyone may bind or rebind.
 */
export function TotpPage() {
  const { auth, adopt } = useAuth();
  const navigate = useNavigate();
  const user = auth.user;
  // the page stays in the mode it opened in: confirming starts a new, full session
  const [forced] = useState(user?.scope === 'totp-enrolment');
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const started = useRef(false);

  const begin = useCallback(async () => {
    setFailure(null);
    setBusy(true);
    try {
      setEnrolment((await request<TotpEnrolment>('/api/auth/totp/enrolment', { method: 'POST' })).data);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  }, []);

  // Someone without a second factor starts at once; someone rebinding says so first.
  useEffect(() => {
    if (started.current || !user || (user.totpEnabled && !forced)) return;
    started.current = true;
    void begin();
  }, [user, forced, begin]);

  if (!user) return null;

  if (codes) {
    return <RecoveryCodes codes={codes} username={user.username} onDone={() => void navigate(forced ? '/' : '/account', { replace: true })} />;
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>{user.totpEnabled ? '重新绑定动态口令' : '绑定动态口令'}</h1>
        {forced ? (
          <p className="alert alert-info" role="status">
            {roleTitle(user.role)}登录时必须使用动态口令（手机上的身份验证器每 30 秒生成的 6 位数字）。请先完成绑定，然后才能继续使用台账。
          </p>
        ) : (
          <p className="page-sub">
            绑定后，登录时除密码外还要输入手机上的动态口令。<AppLink to="/account">返回我的账号</AppLink>
          </p>
        )}
      </div>
      {failure && <ErrorBox error={failure} onRetry={() => void begin()} />}
      {!enrolment && user.totpEnabled && !forced && (
        <section className="card">
          <p>您已绑定动态口令。重新绑定后，原来手机上的动态口令和原来的恢复码都将作废，您在其他地方的登录也会结束。</p>
          <button type="button" className="button-primary" disabled={busy} aria-busy={busy} onClick={() => void begin()}>
            开始重新绑定
          </button>
        </section>
      )}
      {!enrolment && busy && <Loading what="二维码" />}
      {enrolment && (
        <Enrol
          enrolment={enrolment}
          onConfirmed={(answer) => {
            adopt(answer);
            setCodes(answer.recoveryCodes);
          }}
        />
      )}
    </div>
  );
}

function Enrol({ enrolment, onConfirmed }: { enrolment: TotpEnrolment; onConfirmed: (answer: SignedIn & { recoveryCodes: string[] }) => void }) {
  const id = useId();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!/^\d{6}$/.test(code.trim())) {
      setError('请输入身份验证器上显示的 6 位数字。');
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const { data } = await request<SignedIn & { recoveryCodes: string[] }>('/api/auth/totp/enrolment/confirm', { method: 'POST', body: { code: code.trim() } });
      onConfirmed(data);
    } catch (caught) {
      if (caught instanceof ApiError && caught.field === 'code') {
        setError(caught.code === 'NO_ENROLMENT' ? '绑定已失效，请刷新本页重新开始。' : '动态口令不正确或已过期。请核对手机时间是否准确，然后输入当前显示的 6 位数字。');
      } else if (caught instanceof ApiError && caught.status === 400) setError('请输入身份验证器上显示的 6 位数字。');
      else setFormError(caught instanceof ApiError ? `绑定失败（${caught.status}）：${caught.message}` : '无法连接服务器，请稍后重试。');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card totp-enrol" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        绑定步骤
      </h2>
      <ol className="steps">
        <li>
          <h3>第一步：准备身份验证器</h3>
          <p>在手机上安装一个身份验证器应用，例如腾讯身份验证器、Microsoft Authenticator 或 Google Authenticator。</p>
        </li>
        <li>
          <h3>第二步：扫描二维码</h3>
          <p>在应用中选择“扫描二维码”，对准下面的二维码。无法扫描时，选择“手动输入密钥”，输入下面的密钥（空格可不输）。</p>
          <div className="totp-secret-box">
            <img className="totp-qr" src={`data:image/svg+xml;base64,${base64Of(enrolment.qrCodeSvg)}`} alt="动态口令二维码（无法扫描时请手动输入右侧密钥）" width={200} height={200} />
            <dl className="totp-secret">
              <dt>密钥</dt>
              <dd>
                <code data-testid="totp-secret">{grouped(enrolment.secret)}</code>
              </dd>
              <dt>类型</dt>
              <dd>基于时间（TOTP），6 位数字，30 秒</dd>
            </dl>
          </div>
        </li>
        <li>
          <h3>第三步：输入动态口令</h3>
          <form className="narrow-form" onSubmit={(e) => void submit(e)} noValidate>
            <div className="field">
              <label htmlFor={`${id}-code`}>动态口令</label>
              <input
                id={`${id}-code`}
                name="code"
                className="code-input"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${id}-code-hint${error ? ` ${id}-code-error` : ''}`}
              />
              <p id={`${id}-code-hint`} className="hint">
                应用中“滁州台账”下方显示的 6 位数字，每 30 秒更新一次。
              </p>
              {error && (
                <p id={`${id}-code-error`} className="field-error" role="alert">
                  {error}
                </p>
              )}
            </div>
            {formError && (
              <p className="alert alert-error" role="alert">
                {formError}
              </p>
            )}
            <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
              确认绑定
            </button>
          </form>
        </li>
      </ol>
    </section>
  );
}

/** The ten recovery codes, shown this once: to write down, download or print. */
function RecoveryCodes({ codes, username, onDone }: { codes: string[]; username: string; onDone: () => void }) {
  const [download, setDownload] = useState<string | null>(null);
  useEffect(() => {
    const text = [`台账恢复码（账号 ${username}，${todayInShanghai()} 生成）`, '每个恢复码只能使用一次。', '', ...codes, ''].join('\r\n');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    setDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [codes, username]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>保存恢复码</h1>
        <p className="alert alert-success" role="status">
          动态口令已绑定。
        </p>
      </div>
      <section className="card recovery-card" aria-labelledby="recovery-title">
        <h2 id="recovery-title">恢复码</h2>
        <p>
          手机丢失或无法使用时，可以用下面任意一个恢复码代替动态口令登录。<strong>每个恢复码只能使用一次；离开本页后不会再显示。</strong>
          请抄写、下载或打印后妥善保存，不要与密码放在一起。
        </p>
        <ol className="recovery-codes" data-testid="recovery-codes">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <div className="dialog-actions no-print">
          {download && (
            <a className="button-secondary" href={download} download={`台账恢复码-${username}.txt`}>
              下载恢复码
            </a>
          )}
          <button type="button" className="button-secondary" onClick={() => window.print()}>
            打印
          </button>
          <button type="button" className="button-primary" onClick={onDone}>
            我已妥善保存
          </button>
        </div>
      </section>
    </div>
  );
}
