import { useId, useState, type FormEvent } from 'react';
import { ApiError, refusedFields, request } from '../api';
import { AppLink } from '../as-of';
import { useAuth } from '../auth';
import { PasswordForm } from '../components/PasswordForm';
import { formatTime } from '../dates';
import { countyName, roleTitle } from '../labels';
import type { User } from '../types';

/** 我的账号: one's own details (seen in full, corrected here), password, second factor and this session. */
export function AccountPage() {
  const { auth, adopt } = useAuth();
  const [passwordNotice, setPasswordNotice] = useState<string | null>(null);
  const user = auth.user;
  if (!user) return null;
  return (
    <div className="page">
      <div className="page-head">
        <h1>我的账号</h1>
        <p className="page-sub">查看并更正本人信息，修改密码，管理动态口令。</p>
      </div>

      <section className="card" aria-labelledby="account-profile-title">
        <h2 id="account-profile-title">个人信息</h2>
        <dl className="facts facts-plain">
          <div>
            <dt>用户名</dt>
            <dd>{user.username}</dd>
          </div>
          <div>
            <dt>角色</dt>
            <dd>{roleTitle(user.role)}</dd>
          </div>
          {user.county && (
            <div>
              <dt>所属县区</dt>
              <dd>{countyName(user.county)}</dd>
            </div>
          )}
        </dl>
        <ProfileForm user={user} />
      </section>

      <section className="card" aria-labelledby="account-password-title">
        <h2 id="account-password-title">修改密码</h2>
        <p className="hint">修改后，您在其他浏览器或设备上的登录都会结束。</p>
        {passwordNotice && (
          <p className="alert alert-success" role="status">
            {passwordNotice}
          </p>
        )}
        <PasswordForm
          onChanged={(answer) => {
            adopt(answer);
            setPasswordNotice('密码已修改。');
          }}
        />
      </section>

      <section className="card" aria-labelledby="account-totp-title">
        <h2 id="account-totp-title">动态口令</h2>
        <p data-testid="totp-status">
          {user.totpEnabled ? '已绑定：登录时除密码外还要输入手机上的动态口令。' : '未绑定。'}
          {user.totpRequired && '您的角色必须使用动态口令。'}
        </p>
        <p>
          <AppLink className="button-secondary" to="/account/totp">
            {user.totpEnabled ? '重新绑定动态口令' : '绑定动态口令'}
          </AppLink>
        </p>
        <p className="hint">手机丢失时可用恢复码登录；恢复码也用完时，请联系安全管理员重置动态口令。</p>
      </section>

      <section className="card" aria-labelledby="account-session-title">
        <h2 id="account-session-title">本次登录</h2>
        <p>
          本次登录最迟于 {formatTime(user.session.expiresAt)} 结束；连续 {user.session.idleMinutes} 分钟没有操作也会自动退出。
        </p>
      </section>
    </div>
  );
}

type ProfileField = 'displayName' | 'email' | '';

function ProfileForm({ user }: { user: User }) {
  const { update } = useAuth();
  const id = useId();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? '');
  const [errors, setErrors] = useState<Partial<Record<ProfileField, string>>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    if (!displayName.trim()) {
      setErrors({ displayName: '请填写姓名。' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const { data } = await request<User>('/api/auth/me', { method: 'PATCH', body: { displayName: displayName.trim(), email: email.trim() || null } });
      update(data);
      setNotice('已保存个人信息');
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        setErrors(
          Object.fromEntries(
            refusedFields(error).map((p) => (p.field === 'email' ? ['email', `请填写有效的电子邮箱地址，或留空（${p.message}）`] : p.field === 'displayName' ? ['displayName', `姓名有误（${p.message}）`] : ['', p.message])),
          ),
        );
      } else setErrors({ '': error instanceof ApiError ? `保存失败（${error.status}）：${error.message}` : '无法连接服务器，请稍后重试。' });
    } finally {
      setBusy(false);
    }
  };

  const described = (name: ProfileField, hint?: boolean) => [hint ? `${id}-${name}-hint` : '', errors[name] ? `${id}-${name}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <form className="narrow-form" onSubmit={(e) => void submit(e)} noValidate aria-label="个人信息">
      <div className="field">
        <label htmlFor={`${id}-displayName`}>姓名</label>
        <input id={`${id}-displayName`} value={displayName} autoComplete="name" maxLength={100} onChange={(e) => setDisplayName(e.target.value)} aria-invalid={errors.displayName ? true : undefined} aria-describedby={described('displayName')} />
        {errors.displayName && (
          <p id={`${id}-displayName-error`} className="field-error">
            {errors.displayName}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-email`}>电子邮箱</label>
        <input id={`${id}-email`} type="email" value={email} autoComplete="email" maxLength={254} onChange={(e) => setEmail(e.target.value)} aria-invalid={errors.email ? true : undefined} aria-describedby={described('email', true)} />
        <p id={`${id}-email-hint`} className="hint">
          用于接收逾期提醒，可留空。完整地址只有系统管理员和您本人能看到。
        </p>
        {errors.email && (
          <p id={`${id}-email-error`} className="field-error">
            {errors.email}
          </p>
        )}
      </div>
      {errors[''] && (
        <p className="alert alert-error" role="alert">
          {errors['']}
        </p>
      )}
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
        保存个人信息
      </button>
    </form>
  );
}
