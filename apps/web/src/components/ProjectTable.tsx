import { AppLink } from '../as-of';
import { categoryLabel, countyName } from '../labels';
import type { ProjectListItem } from '../types';
import { RagBadge, StatusBadge, SyntheticBadge } from './Bits';

export type SortKey = 'name' | 'next_due_date' | 'days_late' | 'planned_completion';
export interface Sort {
  sort: SortKey;
  order: 'asc' | 'desc';
}

interface Props {
  items: ProjectListItem[];
  sort?: Sort;
  onSort?: (sort: Sort) => void;
  showCounty?: boolean;
  caption: string;
}

/** The project list: name, category, status, RAG, next milestone, due date, days late. */
export function ProjectTable({ items, sort, onSort, showCounty = false, caption }: Props) {
  const header = (label: string, key?: SortKey) => {
    if (!key || !onSort || !sort) return <th scope="col">{label}</th>;
    const active = sort.sort === key;
    const next: Sort = { sort: key, order: active && sort.order === 'asc' ? 'desc' : active ? 'asc' : key === 'days_late' ? 'desc' : 'asc' };
    return (
      <th scope="col" aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="sort-button" onClick={() => onSort(next)}>
          {label}
          <span aria-hidden="true" className="sort-mark">
            {active ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {header('项目名称', 'name')}
            {showCounty && header('县区')}
            {header('类别')}
            {header('状态')}
            {header('红黄绿灯')}
            {header('下一节点')}
            {header('计划日期', 'next_due_date')}
            {header('逾期天数', 'days_late')}
          </tr>
        </thead>
        <tbody>
          {items.length === 0 && (
            <tr>
              <td colSpan={showCounty ? 8 : 7} className="empty">
                没有符合条件的项目
              </td>
            </tr>
          )}
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                <AppLink to={`/projects/${encodeURIComponent(p.id)}`}>{p.name}</AppLink> {p.synthetic && <SyntheticBadge />}
              </td>
              {showCounty && <td>{countyName(p.county)}</td>}
              <td>{categoryLabel(p.category)}</td>
              <td>
                <StatusBadge status={p.status} />
              </td>
              <td>
                <RagBadge rag={p.rag} />
              </td>
              <td>{p.nextMilestone ?? '—'}</td>
              <td className="nowrap">{p.nextDueDate ?? '—'}</td>
              <td className={`num ${p.daysLate > 0 ? 'late' : ''}`}>{p.daysLate > 0 ? p.daysLate : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
