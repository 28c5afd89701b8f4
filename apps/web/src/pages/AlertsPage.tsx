import { useId } from 'react';
import { query, useApi } from '../api';
import { useAsOf } from '../as-of';
import { useAuth } from '../auth';
import { ErrorBox, Field, Loading, Pager } from '../components/Bits';
import { formatTime } from '../dates';
import { count, DIGEST_STATUS_LABELS, LEVEL_LABELS } from '../labels';
import type { AlertLevel, Digest, DigestCounts, DigestStatus, Page } from '../types';
import { useUrlFilters } from '../url-filters';

const PAGE_SIZE = 20;

/**
 * Alert history: the digests the overdue scan wrote, and whether they went out. Who received them
 * (e-mail addresses are personal data) is the system administrator's to see; every other reader sees
 * how many digests went out per day, level and status.
 */
export function AlertsPage() {
  const { params, page, update } = useUrlFilters();
  const id = useId();
  const { asOf } = useAsOf();
  const admin = useAuth().auth.user?.role === 'admin';
  const date = params.get('date') ?? '';
  const level = params.get('level') ?? '';
  const status = params.get('status') ?? '';
  const url = `/api/alerts${query({ date, level, status, page, limit: PAGE_SIZE })}`;

  return (
    <div className="page">
      <div className="page-head">
        <h1>预警记录</h1>
        <p className="page-sub">每日逾期扫描发出的预警摘要：逾期第 1 天提醒项目负责人，7 天起报县区督办，30 天起报市领导。</p>
        {!admin && <p className="hint">收件人的电子邮箱属于个人信息，只有系统管理员能看到；这里列出每天各级别预警的数量。</p>}
      </div>
      {asOf && <p className="alert alert-info">预警记录按发送日期列出，不随截至日期变化；可用下方“日期”筛选某一天的预警。</p>}
      <section className="card">
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="筛选预警">
          <Field label="日期" htmlFor={`${id}-date`}>
            <input id={`${id}-date`} type="date" value={date} onChange={(e) => update({ date: e.target.value })} />
          </Field>
          <Field label="级别" htmlFor={`${id}-level`}>
            <select id={`${id}-level`} value={level} onChange={(e) => update({ level: e.target.value })}>
              <option value="">全部</option>
              {(Object.keys(LEVEL_LABELS) as AlertLevel[]).map((l) => (
                <option key={l} value={l}>
                  {LEVEL_LABELS[l]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="状态" htmlFor={`${id}-status`}>
            <select id={`${id}-status`} value={status} onChange={(e) => update({ status: e.target.value })}>
              <option value="">全部</option>
              {(Object.keys(DIGEST_STATUS_LABELS) as DigestStatus[]).map((s) => (
                <option key={s} value={s}>
                  {DIGEST_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </Field>
          {(date || level || status) && (
            <button type="button" className="button-secondary filter-reset" onClick={() => update({ date: '', level: '', status: '' })}>
              清除筛选
            </button>
          )}
        </form>
        {admin ? <DigestList url={url} onPage={(p) => update({ page: String(p) })} /> : <DigestCountList url={url} onPage={(p) => update({ page: String(p) })} />}
      </section>
    </div>
  );
}

/** The system administrator's view: every digest with its recipient. */
function DigestList({ url, onPage }: { url: string; onPage: (page: number) => void }) {
  const list = useApi<Page<Digest>>(url);
  return (
    <>
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!list.data && list.loading && <Loading what="预警记录" />}
      {list.data && (
        <div aria-busy={list.loading}>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">预警摘要</caption>
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">级别</th>
                  <th scope="col">收件人</th>
                  <th scope="col">涉及节点数</th>
                  <th scope="col">状态</th>
                  <th scope="col">发送时间</th>
                  <th scope="col">错误</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={7} className="empty">
                      没有符合条件的预警记录
                    </td>
                  </tr>
                )}
                {list.data.items.map((d) => (
                  <tr key={`${d.day}/${d.level}/${d.recipient}`}>
                    <td className="nowrap">{d.day}</td>
                    <td className="nowrap">
                      <span className={`level level-${d.level}`}>{LEVEL_LABELS[d.level] ?? d.level}</span>
                    </td>
                    <td className="break">{d.recipient}</td>
                    <td className="num">{count(d.itemCount)}</td>
                    <td className="nowrap">
                      <span className={`digest digest-${d.status}`}>{DIGEST_STATUS_LABELS[d.status] ?? d.status}</span>
                    </td>
                    <td className="nowrap">{formatTime(d.sentAt ?? d.failedAt)}</td>
                    <td className="break">{d.lastError ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={list.data.page} limit={list.data.limit} total={list.data.total} onPage={(p) => onPage(p)} />
        </div>
      )}
    </>
  );
}

/** Everyone else's: how many digests, and how many overdue milestones in them, per day, level and status. */
function DigestCountList({ url, onPage }: { url: string; onPage: (page: number) => void }) {
  const list = useApi<DigestCounts>(url);
  return (
    <>
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!list.data && list.loading && <Loading what="预警记录" />}
      {list.data && (
        <div aria-busy={list.loading}>
          <div className="table-scroll">
            <table className="data-table" data-testid="alert-counts">
              <caption className="visually-hidden">每天各级别、各状态的预警数量</caption>
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">级别</th>
                  <th scope="col">状态</th>
                  <th scope="col">摘要数</th>
                  <th scope="col">涉及节点数</th>
                </tr>
              </thead>
              <tbody>
                {list.data.counts.length === 0 && (
                  <tr>
                    <td colSpan={5} className="empty">
                      没有符合条件的预警记录
                    </td>
                  </tr>
                )}
                {list.data.counts.map((c) => (
                  <tr key={`${c.day}/${c.level}/${c.status}`}>
                    <td className="nowrap">{c.day}</td>
                    <td className="nowrap">
                      <span className={`level level-${c.level}`}>{LEVEL_LABELS[c.level] ?? c.level}</span>
                    </td>
                    <td className="nowrap">
                      <span className={`digest digest-${c.status}`}>{DIGEST_STATUS_LABELS[c.status] ?? c.status}</span>
                    </td>
                    <td className="num">{count(c.digests)}</td>
                    <td className="num">{count(c.milestones)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={list.data.page} limit={list.data.limit} total={list.data.total} onPage={onPage} />
        </div>
      )}
    </>
  );
}
