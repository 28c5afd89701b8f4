import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, refusedFields, request, useApi, useReloadOn } from '../api';
import { useAuth } from '../auth';
import { CountyOptions, ErrorBox, Loading } from '../components/Bits';
import { PASSWORD_RULES } from '../components/PasswordForm';
import { formatTime } from '../dates';
import { countyName, MANAGED_ROLES, roleTitle } from '../labels';
import type { ManagedUser, Role } from '../types';

interface Draft {
  username: string;
  displayName: string;
  role: Role;
  county: string;
  email: string;
  password: string;
}

/** Chinese for what the users API refuses (its own message follows in brackets). */
const REFUSALS: Record<string, string> = {
  username: '用户名为 2–64 位小写字母、数字、点、下划线或连字符，以字母或数字开头',
  displayName: '请填写姓名',
  county: '项目负责人须选择所属县区',
  email: '请填写有效的电子邮箱地址，或留空',
  password: '请填写密码',
  USER_EXISTS: '该用户名已被使用',
  OWN_ACCOUNT: '不能停用自己或更改自己的角色',
  FORBIDDEN: '您不能管理这个角色的账号：系统管理员管理领导、项目负责人和查阅人员，安全管理员管理三类管理员账号',
};

/** Which field each refusal belongs to: the API names it, or lists several; a refused password is explained by the API in Chinese. */
function fieldErrorsOf(error: ApiError): Record<string, string> {
  if (error.messageZh) return { [error.field ?? '']: error.messageZh };
  return Object.fromEntries(refusedFields(error).map((p) => [p.field, `${REFUSALS[error.code] ?? REFUSALS[p.field] ?? '输入有误'}（${p.message}）`]));
}

/** 用户管理 of the system administrator (/users): the accounts of leaders, managers and viewers. */
export function UsersPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1>用户管理</h1>
        <p className="page-sub">
          谁可以登录台账、以什么角色。系统管理员管理领导、项目负责人和查阅人员的账号；管理员账号由安全管理员管理。修改角色、县区、密码或停用后，该用户已登录的会话即告结束。
        </p>
      </div>
      <UserAccounts />
    </div>
  );
}

const isLocked = (user: ManagedUser) => !!user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now();

/**
 * The accounts, with a form to add one or change one. Each administrator changes only the roles they
 * manage (三员分立); the security administrator also ends a user's sessions and resets a lost second factor.
 */
export function UserAccounts({ headingLevel = 2, changes, onChanged }: { headingLevel?: 2 | 3; changes?: number; onChanged?: () => void }) {
  const users = useApi<ManagedUser[]>('/api/users');
  useReloadOn(changes, users.reload);
  const [editing, setEditing] = useState<ManagedUser | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const me = useAuth().auth.user;
  if (!me) return null;
  const managed = MANAGED_ROLES[me.role] ?? [];
  const security = me.role === 'security_admin';

  const done = (message: string) => {
    setEditing(null);
    setNotice(message);
    if (onChanged) onChanged();
    else users.reload();
  };

  const act = async (action: () => Promise<string>) => {
    setNotice(null);
    setFailure(null);
    try {
      done(await action());
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const toggle = (user: ManagedUser) =>
    act(async () => {
      await request(`/api/users/${encodeURIComponent(user.username)}`, { method: 'PATCH', body: { disabled: !user.disabled } });
      return user.disabled ? `已启用 ${user.username}` : `已停用 ${user.username}：其已登录的会话随即结束`;
    });
  const endSessions = (user: ManagedUser) =>
    act(async () => {
      const { data } = await request<{ ended: number }>(`/api/security/users/${encodeURIComponent(user.username)}/end-sessions`, { method: 'POST' });
      return `已结束 ${user.username} 的全部会话（${data.ended} 个）`;
    });
  const resetTotp = (user: ManagedUser) =>
    act(async () => {
      await request(`/api/security/users/${encodeURIComponent(user.username)}/totp`, { method: 'DELETE' });
      return `已重置 ${user.username} 的动态口令：其下次登录时须重新绑定`;
    });

  const Heading = `h${headingLevel}` as const;
  const rows = users.data ?? [];
  return (
    <>
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {failure && <ErrorBox error={failure} />}
      {editing ? (
        <UserForm
          key={editing === 'new' ? 'new' : editing.username}
          existing={editing === 'new' ? null : editing}
          roles={managed}
          showsEmail={me.role === 'admin'}
          onCancel={() => setEditing(null)}
          onSaved={done}
        />
      ) : (
        <p>
          <button type="button" className="button-primary" onClick={() => setEditing('new')}>
            新增用户
          </button>
        </p>
      )}
      <section className="card" aria-labelledby="users-title">
        <Heading id="users-title" className="card-title">
          账号列表
        </Heading>
        {users.error && <ErrorBox error={users.error} onRetry={users.reload} />}
        {users.loading && !users.data && <Loading what="用户" />}
        {users.data && (
          <div className="table-scroll">
            <table className="data-table" aria-label="用户">
              <thead>
                <tr>
                  <th scope="col">用户名</th>
                  <th scope="col">姓名</th>
                  <th scope="col">角色</th>
                  <th scope="col">所属县区</th>
                  <th scope="col">电子邮箱</th>
                  <th scope="col">动态口令</th>
                  <th scope="col">状态</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((user) => {
                  const mine = managed.includes(user.role);
                  const self = user.username === me.username;
                  return (
                    <tr key={user.username}>
                      <td>{user.username}</td>
                      <td>{user.displayName}</td>
                      <td>{roleTitle(user.role)}</td>
                      <td>{user.county ? countyName(user.county) : '—'}</td>
                      <td className="break">{user.email ?? '—'}</td>
                      <td>{user.totpEnabled ? '已绑定' : '未绑定'}</td>
                      <td>
                        {user.disabled ? '已停用' : isLocked(user) ? `已锁定（至 ${formatTime(user.lockedUntil)}）` : '正常'}
                        {user.mustChangePassword && <span className="hint-inline">（须修改密码）</span>}
                      </td>
                      <td>
                        {(mine || security) && (
                          <div className="row-actions" role="group" aria-label={`${user.username}的操作`}>
                            {mine && (
                              <button type="button" className="button-secondary" onClick={() => setEditing(user)}>
                                修改
                              </button>
                            )}
                            {mine && !self && (
                              <button type="button" className="button-secondary" onClick={() => void toggle(user)}>
                                {user.disabled ? '启用' : '停用'}
                              </button>
                            )}
                            {security && !self && (
                              <button type="button" className="button-secondary" onClick={() => void endSessions(user)}>
                                结束全部会话
                              </button>
                            )}
                            {security && !self && user.totpEnabled && (
                              <button type="button" className="button-secondary" onClick={() => void resetTotp(user)}>
                                重置动态口令
                              </button>
                            )}
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function draftOf(existing: ManagedUser | null, roles: readonly Role[], showsEmail: boolean): Draft {
  if (!existing) return { username: '', displayName: '', role: roles[roles.length - 1] ?? 'viewer', county: '', email: '', password: '' };
  return { username: existing.username, displayName: existing.displayName, role: existing.role, county: existing.county ?? '', email: showsEmail ? (existing.email ?? '') : '', password: '' };
}

interface FormProps {
  existing: ManagedUser | null;
  /** The roles the signed-in administrator may give. */
  roles: readonly Role[];
  /** Whether the list shows e-mail addresses in full (the system administrator's); masked ones are never sent back. */
  showsEmail: boolean;
  onCancel: () => void;
  onSaved: (message: string) => void;
}

function UserForm({ existing, roles, showsEmail, onCancel, onSaved }: FormProps) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(existing, roles, showsEmail));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));

  /** The e-mail to send: a change only (empty removes it where it was shown; where masked, empty keeps it). */
  const emailChange = (): { email?: string | null } => {
    const email = draft.email.trim();
    if (!existing) return email ? { email } : {};
    if (showsEmail) return email === (existing.email ?? '') ? {} : { email: email || null };
    return email ? { email } : {};
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setBusy(true);
    const county = draft.role === 'manager' && draft.county ? { county: draft.county } : {};
    const password = draft.password ? { password: draft.password } : {};
    try {
      if (existing) {
        await request(`/api/users/${encodeURIComponent(existing.username)}`, {
          method: 'PATCH',
          body: { displayName: draft.displayName.trim(), role: draft.role, ...county, ...emailChange(), ...password },
        });
        onSaved(`已保存 ${existing.username}`);
      } else {
        await request('/api/users', { method: 'POST', body: { username: draft.username.trim(), displayName: draft.displayName.trim(), role: draft.role, ...county, ...emailChange(), ...password } });
        onSaved(`已新增 ${draft.username.trim()}：首次登录时须修改密码`);
      }
    } catch (error) {
      if (error instanceof ApiError && [400, 403, 404, 409, 422].includes(error.status)) setErrors(fieldErrorsOf(error));
      else setErrors({ '': error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const field = (
    name: keyof Draft,
    label: ReactNode,
    input: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode,
    hint?: string,
  ) => {
    const inputId = `${id}-${name}`;
    const error = errors[name];
    const described = [hint ? `${inputId}-hint` : '', error ? `${inputId}-error` : ''].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        {input({ id: inputId, 'aria-invalid': error ? true : undefined, 'aria-describedby': described || undefined })}
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

  // an error the API gave for no field of this form (or for the user name, which is not editable) shows below it
  const shown = new Set<string>(['displayName', 'role', 'county', 'email', 'password', ...(existing ? [] : ['username'])]);
  const elsewhere = Object.entries(errors).filter(([name]) => !shown.has(name)).map(([, message]) => message);

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <form className="narrow-form" onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${id}-title`}>{existing ? `修改用户：${existing.username}` : '新增用户'}</h2>
        {!existing && field('username', '用户名', (props) => <input {...props} value={draft.username} autoComplete="off" onChange={(e) => set({ username: e.target.value })} />)}
        {field('displayName', '姓名', (props) => <input {...props} value={draft.displayName} onChange={(e) => set({ displayName: e.target.value })} />)}
        {field('role', '角色', (props) => (
          <select {...props} value={draft.role} onChange={(e) => set({ role: e.target.value as Role })}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleTitle(role)}
              </option>
            ))}
          </select>
        ))}
        {draft.role === 'manager' &&
          field('county', '所属县区', (props) => (
            <select {...props} value={draft.county} onChange={(e) => set({ county: e.target.value })}>
              <CountyOptions />
            </select>
          ))}
        {field(
          'email',
          <>
            电子邮箱<span className="optional">（选填{existing && !showsEmail ? '，不改请留空' : ''}）</span>
          </>,
          (props) => <input {...props} type="email" value={draft.email} autoComplete="off" onChange={(e) => set({ email: e.target.value })} />,
          existing && !showsEmail && existing.email ? `现为 ${existing.email}` : '用于接收逾期提醒。',
        )}
        {field(
          'password',
          existing ? '新密码（不改请留空）' : '初始密码',
          (props) => <input {...props} type="password" value={draft.password} autoComplete="new-password" onChange={(e) => set({ password: e.target.value })} />,
          `${existing ? '设置后，该用户下次登录时须修改密码。' : '该用户首次登录时须修改此密码。'}${PASSWORD_RULES}`,
        )}
        {elsewhere.length > 0 && (
          <p className="alert alert-error" role="alert">
            {elsewhere.join('；')}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
            保存
          </button>
          <button type="button" className="button-secondary" onClick={onCancel}>
            取消
          </button>
        </div>
      </form>
    </section>
  );
}

