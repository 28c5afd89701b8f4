import { useId, useState, type FormEvent } from 'react';
import { ApiError, refusedFields, request } from '../api';
import type { SignedIn } from '../types';

type FieldName = 'currentPassword' | 'newPassword' | 'confirmation' | '';

/** What the password policy asks (the API checks it and says why it refuses, in Chinese). */
export const PASSWORD_RULES = '至少 12 个字符；不能包含用户名；不要用常见密码，也不要用“地名拼音、姓名或日期加数字”。建议把几个互不相关的词连成一句短语。';

/** Changing one's own password: the answer is a new session (every other session of the user ends). */
export function PasswordForm({ onChanged, submitLabel = '修改密码' }: { onChanged: (answer: SignedIn) => void; submitLabel?: string }) {
  const id = useId();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirmation: '' });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FieldName, string>> = {};
    if (!values.currentPassword) problems.currentPassword = '请输入当前密码。';
    if (!values.newPassword) problems.newPassword = '请输入新密码。';
    else if (values.confirmation !== values.newPassword) problems.confirmation = '两次输入的新密码不一致，请重新输入。';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const { data } = await request<SignedIn>('/api/auth/password', { method: 'POST', body: { currentPassword: values.currentPassword, newPassword: values.newPassword } });
      setValues({ currentPassword: '', newPassword: '', confirmation: '' });
      onChanged(data);
    } catch (error) {
      setErrors(passwordErrors(error));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: Exclude<FieldName, ''>, label: string, autoComplete: string, hint?: string) => {
    const inputId = `${id}-${name}`;
    const error = errors[name];
    const described = [hint ? `${inputId}-hint` : '', error ? `${inputId}-error` : ''].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId}
          name={name}
          type="password"
          autoComplete={autoComplete}
          value={values[name]}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
        />
        {hint && (
          <p id={`${inputId}-hint`} className="hint">
            {hint}
          </p>
        )}
        {error && (
          <p id={`${inputId}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <form className="narrow-form" onSubmit={(e) => void submit(e)} noValidate aria-label="修改密码">
      {field('currentPassword', '当前密码', 'current-password')}
      {field('newPassword', '新密码', 'new-password', PASSWORD_RULES)}
      {field('confirmation', '确认新密码', 'new-password')}
      {errors[''] && (
        <p className="alert alert-error" role="alert">
          {errors['']}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

function passwordErrors(error: unknown): Partial<Record<FieldName, string>> {
  if (!(error instanceof ApiError)) return { '': '无法连接服务器，请稍后重试。' };
  if (error.code === 'WRONG_PASSWORD') return { currentPassword: '当前密码不正确。请注意：多次输错会使账号被暂时锁定。' };
  if (error.code === 'WEAK_PASSWORD' || error.code === 'SAME_PASSWORD') return { newPassword: error.messageZh ?? `新密码不符合要求（${error.message}）` };
  if (error.status === 400) {
    const known = new Set(['currentPassword', 'newPassword']);
    return Object.fromEntries(refusedFields(error).map((p) => [known.has(p.field) ? p.field : '', `输入有误（${p.message}）`]));
  }
  return { '': `修改失败（${error.status}）：${error.message}` };
}
