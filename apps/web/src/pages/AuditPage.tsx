import { useEffect, useId, useState, type FormEvent } from 'react';
import { query, useApi } from '../api';
import { ErrorBox, Field, Loading, Pager } from '../components/Bits';
import { formatTime, isCalendarDate } from '../dates';
import { AUDIT_ACTION_LABELS, AUDIT_RESULT_LABELS, auditActionLabel, roleTitle } from '../labels';
import type { AuditRecord, AuditResult } from '../types';
import { useUrlFilters } from '../url-filters';

const PAGE_SIZE = 50;
type FilterKey = 'from' | 'to' | 'actor' | 'action' | 'result' | 'page';

interface AuditPageAnswer {
  items: AuditRecord[];
  total: number;
  page: number;
  limit: number;
}

/** What an audit row's object names, in words: `user:zhang.wei` → 用户 zhang.wei. */
const OBJECT_KINDS: Record<string, string> = { user: '用户', session: '会话', job: '任务', project: '项目' };

function objectText(object: string | null): string {
  if (!object) return '—';
  const match = /^([a-z_]+):(.*)$/.exec(object);
  if (match && OBJECT_KINDS[match[1]]) return `${OBJECT_KINDS[match[1]]} ${match[2]}`;
  return object;
}

/** The words of the details the API records most often; anything else is shown as recorded. */
const DETAIL_KEYS: Record<string, string> = {
  via: '方式',
  scope: '会话权限',
  session: '会话',
  reason: '原因',
  with: '方式',
  after: '起因',
  attempts: '失败次数',
  windowMinutes: '统计分钟数',
  lockMinutes: '锁定分钟数',
  fields: '修改项',
  role: '角色',
  county: '县区',
  disabled: '停用',
  ended: '结束会话数',
  user: '用户',
  by: '操作者',
  filters: '筛选条件',
  rows: '行数',
  page: '页',
  limit: '每页条数',
  status: 'HTTP 状态',
  version: '版本',
  displayName: '姓名',
  email: '电子邮箱',
  password: '密码',
};

const DETAIL_VALUES: Record<string, string> = {
  password: '密码',
  'password+totp': '密码 + 动态口令',
  'password+recovery-code': '密码 + 恢复码',
  'password-change': '修改密码',
  'totp-enrolment': '绑定动态口令',
  full: '完整',
  totp: '动态口令',
  'recovery-code': '恢复码',
  'wrong-password': '密码错误',
  'unknown-user': '用户名不存在',
  disabled: '账号已停用',
  locked: '账号已锁定',
  'second-factor-unavailable': '无法验证动态口令',
  'wrong-code': '动态口令错误',
  'wrong-current-password': '当前密码错误',
  abandoned: '下载中断',
  security_admin: '安全管理员',
};

function detailValue(key: string, value: unknown): string {
  if (typeof value === 'string') return key === 'role' ? roleTitle(value) : (DETAIL_VALUES[value] ?? value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item) => DETAIL_KEYS[item] ?? item).join('、');
  return JSON.stringify(value);
}

function detailsText(details: Record<string, unknown> | null): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([key, value]) => `${DETAIL_KEYS[key] ?? key}：${detailValue(key, value)}`)
    .join('；');
}

/** 审计日志 (the auditor): who did what, when, from where, and with what result; read and exported, never changed. */
export function AuditPage() {
  const id = useId();
  const { params, page, update } = useUrlFilters<FilterKey>();
  const filters = {
    from: isCalendarDate(params.get('from')) ? (params.get('from') ?? '') : '',
    to: isCalendarDate(params.get('to')) ? (params.get('to') ?? '') : '',
    actor: params.get('actor') ?? '',
    action: params.get('action') ?? '',
    result: params.get('result') ?? '',
  };
  const [actor, setActor] = useState(filters.actor);
  useEffect(() => setActor(filters.actor), [filters.actor]);
  const backwards = !!filters.from && !!filters.to && filters.to < filters.from;
  const list = useApi<AuditPageAnswer>(backwards ? null : `/api/audit${query({ ...filters, page, limit: PAGE_SIZE })}`);
  const exportHref = (format: 'xlsx' | 'csv') => `/api/audit/export${query({ format, ...filters })}`;
  const filtered = Object.values(filters).some(Boolean);

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ actor: actor.trim() });
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>审计日志</h1>
        <p className="page-sub">登录、账号与权限变更、数据导出等操作的记录，只能查阅和导出，不能修改或删除。时间为北京时间，最新的在前。</p>
      </div>
      <section className="card" aria-labelledby={`${id}-title`}>
        <div className="card-head">
          <h2 id={`${id}-title`}>审计记录</h2>
          {!backwards && (
            <div className="exports">
              <a className="button-secondary" href={exportHref('xlsx')} download>
                导出 Excel
              </a>
              <a className="button-secondary" href={exportHref('csv')} download>
                导出 CSV
              </a>
            </div>
          )}
        </div>
        <form className="filters" onSubmit={onSearch} role="search" aria-label="筛选审计记录">
          <Field label="起始日期" htmlFor={`${id}-from`}>
            <input id={`${id}-from`} type="date" value={filters.from} onChange={(e) => update({ from: e.target.value })} />
          </Field>
          <div className="field">
            <label htmlFor={`${id}-to`}>截止日期</label>
            <input
              id={`${id}-to`}
              type="date"
              value={filters.to}
              onChange={(e) => update({ to: e.target.value })}
              aria-invalid={backwards ? true : undefined}
              aria-describedby={backwards ? `${id}-to-error` : undefined}
            />
            {backwards && (
              <p id={`${id}-to-error`} className="field-error">
                截止日期不能早于起始日期
              </p>
            )}
          </div>
          <Field label="操作" htmlFor={`${id}-action`}>
            <select id={`${id}-action`} value={filters.action} onChange={(e) => update({ action: e.target.value })}>
              <option value="">全部</option>
              {Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="结果" htmlFor={`${id}-result`}>
            <select id={`${id}-result`} value={filters.result} onChange={(e) => update({ result: e.target.value })}>
              <option value="">全部</option>
              {Object.entries(AUDIT_RESULT_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="操作人" htmlFor={`${id}-actor`} className="field-grow">
            <div className="search-row">
              <input id={`${id}-actor`} type="search" value={actor} maxLength={64} placeholder="用户名" onChange={(e) => setActor(e.target.value)} />
              <button type="submit">查询</button>
            </div>
          </Field>
          {filtered && (
            <button type="button" className="button-secondary filter-reset" onClick={() => update({ from: '', to: '', actor: '', action: '', result: '' })}>
              清除筛选
            </button>
          )}
        </form>
        {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
        {!list.data && list.loading && <Loading what="审计记录" />}
        {list.data && !backwards && (
          <div aria-busy={list.loading}>
            <div className="table-scroll">
              <table className="data-table audit-table" aria-label="审计记录">
                <thead>
                  <tr>
                    <th scope="col">时间</th>
                    <th scope="col">操作人</th>
                    <th scope="col">角色</th>
                    <th scope="col">来源地址</th>
                    <th scope="col">操作</th>
                    <th scope="col">对象</th>
                    <th scope="col">结果</th>
                    <th scope="col">详情</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.length === 0 && (
                    <tr>
                      <td colSpan={8} className="empty">
                        没有符合条件的审计记录
                      </td>
                    </tr>
                  )}
                  {list.data.items.map((record) => (
                    <tr key={record.id}>
                      <td className="nowrap">{formatTime(record.at)}</td>
                      <td>{record.actor ?? '—'}</td>
                      <td className="nowrap">{roleTitle(record.actorRole) || '—'}</td>
                      <td className="nowrap">{record.sourceAddress ?? '—'}</td>
                      <td className="nowrap">{auditActionLabel(record.action)}</td>
                      <td className="break">{objectText(record.object)}</td>
                      <td className="nowrap">
                        <span className={`audit-result audit-${record.result}`}>{AUDIT_RESULT_LABELS[record.result as AuditResult] ?? record.result}</span>
                      </td>
                      <td className="break details">{detailsText(record.details)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={list.data.page} limit={list.data.limit} total={list.data.total} onPage={(p) => update({ page: String(p) })} />
          </div>
        )}
      </section>
    </div>
  );
}
