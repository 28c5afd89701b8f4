import { useEffect, useId, useState, type FormEvent } from 'react';
import { query, useApi } from '../api';
import { useAsOf } from '../as-of';
import { CATEGORY_LABELS, RAG_LABELS, STATUS_LABELS } from '../labels';
import type { Page, ProjectListItem } from '../types';
import { ErrorBox, Field, Loading, Pager } from './Bits';
import { ProjectTable, type Sort, type SortKey } from './ProjectTable';
import { useUrlFilters } from '../url-filters';

const PAGE_SIZE = 20;
const SORTS: readonly SortKey[] = ['name', 'next_due_date', 'days_late', 'planned_completion'];
type FilterKey = 'status' | 'rag' | 'category' | 'overdue' | 'q' | 'sort' | 'order' | 'page';

/** A county's projects, filtered, sorted and paged by the URL's query (so a reload or a shared link keeps them). */
export function ProjectList({ county, title }: { county: string; title: string }) {
  const { params, page, update } = useUrlFilters<FilterKey>();
  const { asOf } = useAsOf();
  const id = useId();
  const filters = {
    status: params.get('status') ?? '',
    rag: params.get('rag') ?? '',
    category: params.get('category') ?? '',
    overdue: params.get('overdue') === 'true' ? 'true' : '',
    q: params.get('q') ?? '',
  };
  const sortParam = params.get('sort') as SortKey | null;
  const sort: Sort = { sort: sortParam && SORTS.includes(sortParam) ? sortParam : 'name', order: params.get('order') === 'desc' ? 'desc' : 'asc' };
  const [text, setText] = useState(filters.q);
  useEffect(() => setText(filters.q), [filters.q]);

  const listFilter = { county, ...filters, overdue: filters.overdue || undefined, asOf };
  const sorted = { ...listFilter, sort: sort.sort, order: sort.order };
  const list = useApi<Page<ProjectListItem>>(`/api/projects${query({ ...sorted, page, limit: PAGE_SIZE })}`);
  const exportQuery = (format: 'xlsx' | 'csv') => `/api/exports/projects${query({ format, ...sorted })}`;

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: text.trim() });
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="exports">
          <a className="button-secondary" href={exportQuery('xlsx')} download>
            导出 Excel
          </a>
          <a className="button-secondary" href={exportQuery('csv')} download>
            导出 CSV
          </a>
        </div>
      </div>
      <form className="filters" onSubmit={onSearch} role="search" aria-label="筛选项目">
        <Field label="状态" htmlFor={`${id}-status`}>
          <select id={`${id}-status`} value={filters.status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">全部</option>
            {Object.entries(STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="红黄绿灯" htmlFor={`${id}-rag`}>
          <select id={`${id}-rag`} value={filters.rag} onChange={(e) => update({ rag: e.target.value })}>
            <option value="">全部</option>
            {Object.entries(RAG_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="类别" htmlFor={`${id}-category`}>
          <select id={`${id}-category`} value={filters.category} onChange={(e) => update({ category: e.target.value })}>
            <option value="">全部</option>
            {Object.entries(CATEGORY_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <div className="field field-check">
          <input id={`${id}-overdue`} type="checkbox" checked={filters.overdue === 'true'} onChange={(e) => update({ overdue: e.target.checked ? 'true' : '' })} />
          <label htmlFor={`${id}-overdue`}>只看逾期</label>
        </div>
        <Field label="项目名称搜索" htmlFor={`${id}-q`} className="field-grow">
          <div className="search-row">
            <input id={`${id}-q`} type="search" value={text} maxLength={100} onChange={(e) => setText(e.target.value)} />
            <button type="submit">搜索</button>
          </div>
        </Field>
      </form>
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!list.data && list.loading && <Loading what="项目" />}
      {list.data && (
        <div aria-busy={list.loading}>
          <ProjectTable items={list.data.items} sort={sort} onSort={(s) => update({ sort: s.sort, order: s.order })} caption={title} />
          <Pager page={list.data.page} limit={list.data.limit} total={list.data.total} onPage={(p) => update({ page: String(p) })} />
        </div>
      )}
    </section>
  );
}
