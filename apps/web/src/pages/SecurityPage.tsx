import { useId, useState, type FormEvent } from 'react';
import { query, request, useApi, useReloadOn } from '../api';
import { useAuth } from '../auth';
import { ErrorBox, Loading } from '../components/Bits';
import { formatTime } from '../dates';
import { roleTitle } from '../labels';
import type { AccountLock, LiveSession, SecurityPolicy, SessionScope } from '../types';
import { UserAccounts } from './UsersPage';

const SCOPE_LABELS: Record<SessionScope, string> = { full: '正常', 'password-change': '待修改密码', 'totp-enrolment': '待绑定动态口令' };

/** A browser and system in a few words, from the User-Agent header. */
export function browserOf(userAgent: string | null): string {
  if (!userAgent) return '—';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /QQBrowser/.test(userAgent)
      ? 'QQ浏览器'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : '';
  const system = /Windows/.test(userAgent) ? 'Windows' : /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Mac OS/.test(userAgent) ? 'macOS' : /Linux/.test(userAgent) ? 'Linux' : '';
  return [browser, system].filter(Boolean).join(' · ') || userAgent.slice(0, 40);
}

/** 安全管理 (the security administrator): locked accounts, live sessions, the accounts and their second factors, the policy. */
export function SecurityPage() {
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);
  return (
    <div className="page">
      <div className="page-head">
        <h1>安全管理</h1>
        <p className="page-sub">解除账号锁定、结束会话、重置丢失的动态口令、管理系统管理员、安全管理员和审计管理员的账号，查看现行安全策略。</p>
      </div>
      <nav className="page-toc" aria-label="本页目录">
        <a href="#locks-title">锁定账号</a>
        <a href="#sessions-title">在线会话</a>
        <a href="#accounts-title">用户账号</a>
        <a href="#policy-title">安全策略</a>
      </nav>
      <Locks changes={changes} onChanged={changed} />
      <Sessions changes={changes} onChanged={changed} />
      <section className="section-group" aria-labelledby="accounts-title">
        <h2 id="accounts-title">用户账号</h2>
        <p className="hint">安全管理员管理系统管理员、安全管理员和审计管理员的账号；对所有账号都可以结束全部会话、重置动态口令。</p>
        <UserAccounts headingLevel={3} changes={changes} onChanged={changed} />
      </section>
      <Policy />
    </div>
  );
}

/** A change on the page (an unlock, sessions ended) counts up; every list then reads its rows again. */
interface ChangeProps {
  changes: number;
  onChanged: () => void;
}

function Locks({ changes, onChanged }: ChangeProps) {
  const locks = useApi<AccountLock[]>('/api/security/locks');
  useReloadOn(changes, locks.reload);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);

  const unlock = async (lock: AccountLock) => {
    setNotice(null);
    setFailure(null);
    try {
      await request(`/api/security/locks/${encodeURIComponent(lock.username)}`, { method: 'DELETE' });
      setNotice(`已解除 ${lock.username} 的锁定`);
      onChanged();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    }
  };

  return (
    <section className="card" aria-labelledby="locks-title">
      <div className="card-head">
        <h2 id="locks-title">锁定账号</h2>
      </div>
      <p className="hint">连续输错密码或动态口令达到次数的账号会被暂时锁定；也列出近期有登录失败的账号。</p>
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {failure && <ErrorBox error={failure} />}
      {locks.error && <ErrorBox error={locks.error} onRetry={locks.reload} />}
      {!locks.data && locks.loading && <Loading what="锁定账号" />}
      {locks.data && (
        <div className="table-scroll">
          <table className="data-table" aria-label="锁定账号">
            <thead>
              <tr>
                <th scope="col">用户名</th>
                <th scope="col">姓名</th>
                <th scope="col">角色</th>
                <th scope="col">失败次数</th>
                <th scope="col">首次失败时间</th>
                <th scope="col">锁定至</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {locks.data.length === 0 && (
                <tr>
                  <td colSpan={7} className="empty">
                    目前没有被锁定或登录失败的账号
                  </td>
                </tr>
              )}
              {locks.data.map((lock) => (
                <tr key={lock.username}>
                  <td>{lock.username}</td>
                  <td>{lock.displayName}</td>
                  <td>{roleTitle(lock.role)}</td>
                  <td className="num">{lock.failedSignIns}</td>
                  <td className="nowrap">{formatTime(lock.firstFailedAt) || '—'}</td>
                  <td className="nowrap">{lock.lockedUntil ? formatTime(lock.lockedUntil) : '未锁定'}</td>
                  <td>
                    <button type="button" className="button-secondary" onClick={() => void unlock(lock)}>
                      解除锁定
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Sessions({ changes, onChanged }: ChangeProps) {
  const id = useId();
  const me = useAuth().auth.user;
  const [username, setUsername] = useState('');
  const [filter, setFilter] = useState('');
  const sessions = useApi<LiveSession[]>(`/api/security/sessions${query({ username: filter })}`);
  useReloadOn(changes, sessions.reload);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);

  const act = async (action: () => Promise<string>) => {
    setNotice(null);
    setFailure(null);
    try {
      setNotice(await action());
      onChanged();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const end = (session: LiveSession) =>
    act(async () => {
      await request(`/api/security/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' });
      return `已结束 ${session.username} 的一个会话`;
    });
  const endAll = (name: string) =>
    act(async () => {
      const { data } = await request<{ ended: number }>(`/api/security/users/${encodeURIComponent(name)}/end-sessions`, { method: 'POST' });
      return `已结束 ${name} 的全部会话（${data.ended} 个）`;
    });

  const onFilter = (event: FormEvent) => {
    event.preventDefault();
    setFilter(username.trim());
  };

  return (
    <section className="card" aria-labelledby="sessions-title">
      <div className="card-head">
        <h2 id="sessions-title">在线会话</h2>
      </div>
      <form className="filters" onSubmit={onFilter} role="search" aria-label="筛选会话">
        <div className="field">
          <label htmlFor={`${id}-username`}>用户名</label>
          <div className="search-row">
            <input id={`${id}-username`} value={username} onChange={(e) => setUsername(e.target.value)} />
            <button type="submit">筛选</button>
          </div>
        </div>
        {filter && (
          <button type="button" className="button-secondary filter-reset" onClick={() => void endAll(filter)}>
            结束 {filter} 的全部会话
          </button>
        )}
      </form>
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {failure && <ErrorBox error={failure} />}
      {sessions.error && <ErrorBox error={sessions.error} onRetry={sessions.reload} />}
      {!sessions.data && sessions.loading && <Loading what="会话" />}
      {sessions.data && (
        <div className="table-scroll">
          <table className="data-table" aria-label="在线会话">
            <thead>
              <tr>
                <th scope="col">用户名</th>
                <th scope="col">姓名</th>
                <th scope="col">角色</th>
                <th scope="col">状态</th>
                <th scope="col">登录时间</th>
                <th scope="col">最近活动</th>
                <th scope="col">最迟结束</th>
                <th scope="col">来源地址</th>
                <th scope="col">浏览器</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.length === 0 && (
                <tr>
                  <td colSpan={10} className="empty">
                    没有在线会话
                  </td>
                </tr>
              )}
              {sessions.data.map((session) => {
                const own = session.id === me?.session.id;
                return (
                  <tr key={session.id}>
                    <td>{session.username}</td>
                    <td>{session.displayName}</td>
                    <td>{roleTitle(session.role)}</td>
                    <td>{SCOPE_LABELS[session.scope] ?? session.scope}</td>
                    <td className="nowrap">{formatTime(session.createdAt)}</td>
                    <td className="nowrap">{formatTime(session.lastSeenAt)}</td>
                    <td className="nowrap">{formatTime(session.expiresAt)}</td>
                    <td>{session.sourceAddress ?? '—'}</td>
                    <td title={session.userAgent ?? undefined}>{browserOf(session.userAgent)}</td>
                    <td>
                      {own ? (
                        <span className="hint-inline">本会话</span>
                      ) : (
                        <div className="row-actions" role="group" aria-label={`${session.username}的会话操作`}>
                          <button type="button" className="button-secondary" onClick={() => void end(session)}>
                            结束会话
                          </button>
                          <button type="button" className="button-secondary" onClick={() => void endAll(session.username)}>
                            结束全部会话
                          </button>
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
  );
}

function minutes(n: number): string {
  return n >= 60 && n % 60 === 0 ? `${n / 60} 小时` : `${n} 分钟`;
}

function Policy() {
  const policy = useApi<SecurityPolicy>('/api/security/policy');
  const p = policy.data;
  return (
    <section className="card" aria-labelledby="policy-title">
      <div className="card-head">
        <h2 id="policy-title">安全策略</h2>
      </div>
      <p className="hint">由部署时的配置决定，此处只读。</p>
      {policy.error && <ErrorBox error={policy.error} onRetry={policy.reload} />}
      {!p && policy.loading && <Loading what="安全策略" />}
      {p && (
        <dl className="facts facts-plain policy" data-testid="security-policy">
          <div>
            <dt>会话</dt>
            <dd>
              登录后最长 {minutes(p.session.absoluteMinutes)}；连续 {minutes(p.session.idleMinutes)}无操作自动退出
            </dd>
          </div>
          <div>
            <dt>账号锁定</dt>
            <dd>
              {minutes(p.lockout.windowMinutes)}内连续失败 {p.lockout.attempts} 次，锁定 {minutes(p.lockout.lockMinutes)}
            </dd>
          </div>
          <div>
            <dt>登录频率限制</dt>
            <dd>
              {p.throttle.windowSeconds !== undefined ? `每 ${p.throttle.windowSeconds} 秒内` : ''}
              {p.throttle.perAddressAndName !== undefined ? `同一地址与用户名最多 ${p.throttle.perAddressAndName} 次` : ''}
              {p.throttle.perAddress !== undefined ? `，同一地址最多 ${p.throttle.perAddress} 次` : ''}
            </dd>
          </div>
          <div>
            <dt>密码</dt>
            <dd>
              至少 {p.password.minLength} 个字符，不能包含用户名，拒绝常见密码；以 {p.password.algorithm} 加密保存
            </dd>
          </div>
          <div>
            <dt>动态口令</dt>
            <dd>{p.secondFactor.requiredFor.length > 0 ? `${p.secondFactor.requiredFor.map(roleTitle).join('、')}必须使用` : '不强制使用'}</dd>
          </div>
          <div>
            <dt>受信任的反向代理</dt>
            <dd>{p.proxy.trusted === false || p.proxy.trusted === 'false' ? '无（来源地址取自直接连接）' : String(p.proxy.trusted)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
