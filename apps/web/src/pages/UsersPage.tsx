import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, refusedFields, request, useApi } from '../api';
import { useAuth } from '../auth';
import { CountyOptions, ErrorBox, Loading } from '../components/Bits';
import { countyName, ROLE_LABELS } from '../labels';
import type { ManagedUser, Role } from '../types';

interface Draft {
  username: string;
  displayName: string;
  role: Role;
  county: string;
  password: string;
}

const NEW_USER: Draft = { username: '', displayName: '', role: 'viewer', county: '', password: '' };

/** Chinese for what the users API refuses (its own message follows in brackets). */
const REFUSALS: Record<string, string> = {
  username: '用户名为 2–64 位小写字母、数字、点、下划线或连字符，以字母或数字开头',
  displayName: '请填写姓名',
  county: '项目负责人须选择所属县区',
  password: '密码至少 10 位',
  USER_EXISTS: '该用户名已被使用',
  OWN_ACCOUNT: '不能停用自己或取消自己的管理员角色',
};

/** Which field each refusal belongs to: the API names it, or lists several. */
function fieldErrorsOf(error: ApiError): Record<string, string> {
  return Object.fromEntries(refusedFields(error).map((p) => [p.field, `${REFUSALS[error.code] ?? REFUSALS[p.field] ?? '输入有误'}（${p.message}）`]));
}

/** The administrator's list of who may sign in, with a form to add a user or change one. */
export function UsersPage() {
  const users = useApi<ManagedUser[]>('/api/users');
  const [editing, setEditing] = useState<ManagedUser | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const me = useAuth().auth.user?.username;

  const saved = (message: string) => {
    setEditing(null);
    setNotice(message);
    users.reload();
  };

  const toggle = async (user: ManagedUser) => {
    setNotice(null);
    setFailure(null);
    try {
      await request(`/api/users/${encodeURIComponent(user.username)}`, { method: 'PATCH', body: { disabled: !user.disabled } });
      saved(user.disabled ? `已启用 ${user.username}` : `已停用 ${user.username}：其已登录的会话随即失效`);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>用户管理</h1>
        <p className="page-sub">谁可以登录台账、以什么角色。修改角色、县区、密码或停用后，该用户已登录的会话即告失效，须重新登录。</p>
      </div>
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {failure && <ErrorBox error={failure} />}
      {editing ? (
        <UserForm key={editing === 'new' ? 'new' : editing.username} existing={editing === 'new' ? null : editing} onCancel={() => setEditing(null)} onSaved={saved} />
      ) : (
        <p>
          <button type="button" className="button-primary" onClick={() => setEditing('new')}>
            新增用户
          </button>
        </p>
      )}
      <section className="card">
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
                  <th scope="col">状态</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((user) => (
                  <tr key={user.username}>
                    <td>{user.username}</td>
                    <td>{user.displayName}</td>
                    <td>{ROLE_LABELS[user.role] ?? user.role}</td>
                    <td>{user.county ? countyName(user.county) : '—'}</td>
                    <td>{user.disabled ? '已停用' : '正常'}</td>
                    <td>
                      <div className="row-actions" role="group" aria-label={`${user.username}的操作`}>
                        <button type="button" className="button-secondary" onClick={() => setEditing(user)}>
                          修改
                        </button>
                        {user.username !== me && (
                          <button type="button" className="button-secondary" onClick={() => void toggle(user)}>
                            {user.disabled ? '启用' : '停用'}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function UserForm({ existing, onCancel, onSaved }: { existing: ManagedUser | null; onCancel: () => void; onSaved: (message: string) => void }) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() =>
    existing ? { username: existing.username, displayName: existing.displayName, role: existing.role, county: existing.county ?? '', password: '' } : NEW_USER,
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));

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
          body: { displayName: draft.displayName.trim(), role: draft.role, ...county, ...password },
        });
        onSaved(`已保存 ${existing.username}`);
      } else {
        await request('/api/users', { method: 'POST', body: { username: draft.username.trim(), displayName: draft.displayName.trim(), role: draft.role, ...county, ...password } });
        onSaved(`已新增 ${draft.username.trim()}`);
      }
    } catch (error) {
      if (error instanceof ApiError && [400, 409, 422].includes(error.status)) setErrors(fieldErrorsOf(error));
      else setErrors({ '': error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof Draft | '', label: string, input: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode) => {
    const inputId = `${id}-${name}`;
    const error = errors[name];
    return (
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        {input({ id: inputId, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${inputId}-error` : undefined })}
        {error && (
          <p id={`${inputId}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${id}-title`}>{existing ? `修改用户：${existing.username}` : '新增用户'}</h2>
        {!existing && field('username', '用户名', (props) => <input {...props} value={draft.username} autoComplete="off" onChange={(e) => set({ username: e.target.value })} />)}
        {field('displayName', '姓名', (props) => <input {...props} value={draft.displayName} onChange={(e) => set({ displayName: e.target.value })} />)}
        {field('role', '角色', (props) => (
          <select {...props} value={draft.role} onChange={(e) => set({ role: e.target.value as Role })}>
            {(Object.keys(ROLE_LABELS) as Role[]).map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
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
        {field('password', existing ? '新密码（不改请留空）' : '密码', (props) => (
          <input {...props} type="password" value={draft.password} autoComplete="new-password" onChange={(e) => set({ password: e.target.value })} />
        ))}
        {errors[''] && (
          <p className="alert alert-error" role="alert">
            {errors['']}
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
