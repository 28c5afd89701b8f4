import { useId } from 'react';
import { query, useApi } from '../api';
import { useAsOf } from '../as-of';
import { ErrorBox, Field, Loading, Pager } from '../components/Bits';
import { formatTime } from '../dates';
import { count, DIGEST_STATUS_LABELS, LEVEL_LABELS } from '../labels';
import type { AlertLevel, Digest, DigestStatus, Page } from '../types';
import { useUrlFilters } from '../url-filters';

const PAGE_SIZE = 20;

/** Alert history: the digests the overdue scan wrote, and whether they went out. */
export function AlertsPage() {
  const { params, page, update } = useUrlFilters();
  const id = useId();
  const { asOf } = useAsOf();
  const date = params.get('date') ?? '';
  const level = params.get('level') ?? '';
  const status = params.get('status') ?? '';
  const list = useApi<Page<Digest>>(`/api/alerts${query({ date, level, status, page, limit: PAGE_SIZE })}`);

  return (
    <div className="page">
      <div className="page-head">
        <h1>预警记录</h1>
        <p className="page-sub">每日逾期扫描发出的预警摘要：逾期第 1 天提醒项目负责人，7 天起报县区督办，30 天起报市领导。</p>
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
                    <th scope="col">逾期条目</th>
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
            <Pager page={list.data.page} limit={list.data.limit} total={list.data.total} onPage={(p) => update({ page: String(p) })} />
          </div>
        )}
      </section>
    </div>
  );
}
