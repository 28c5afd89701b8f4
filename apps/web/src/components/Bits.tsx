import type { ReactNode } from 'react';
import { errorText } from '../api';
import { COUNTIES, RAG_LABELS, statusLabel } from '../labels';
import type { Rag } from '../types';

export function RagBadge({ rag }: { rag: Rag | string }) {
  const label = RAG_LABELS[rag as Rag] ?? rag;
  return (
    <span className={`rag rag-${rag}`}>
      <span className="rag-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function SyntheticBadge() {
  return (
    <span className="badge badge-synthetic" title="合成的演示数据，不是规划中的真实项目">
      演示数据
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{statusLabel(status)}</span>;
}

export function ErrorBox({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  return (
    <div className="alert alert-error alert-row" role="alert">
      <span>{errorText(error)}</span>
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}

export function Loading({ what = '数据' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      正在加载{what}…
    </p>
  );
}

export function Pager({ page, limit, total, onPage }: { page: number; limit: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager" aria-label="分页">
      <button type="button" className="button-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        上一页
      </button>
      <span aria-live="polite">
        第 {page} / {pages} 页，共 {total.toLocaleString('zh-CN')} 条
      </span>
      <button type="button" className="button-secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        下一页
      </button>
    </nav>
  );
}

export function Field({ label, htmlFor, children, className }: { label: string; htmlFor: string; children: ReactNode; className?: string }) {
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
    </div>
  );
}

/** The options of a county select, after a 请选择 for none. */
export function CountyOptions() {
  return (
    <>
      <option value="">请选择</option>
      {COUNTIES.map((c) => (
        <option key={c.slug} value={c.slug}>
          {c.name}
        </option>
      ))}
    </>
  );
}
