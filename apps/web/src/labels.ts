import { AUDIT_ACTION_LABELS, AUDIT_RESULT_LABELS } from '../../../libs/audit/src/audit-actions';
import { ADMINISTRATOR_ROLES, BUSINESS_ROLES, READER_ROLES, ROLE_TITLES } from '../../../libs/access/src/roles';
import { CATEGORY_LABELS, RAG_LABELS, STATUS_LABELS } from '../../../libs/portfolio/src/domain/chinese-labels';
import type { AlertLevel, DigestStatus, ProjectStatus, Rag, Role } from './types';

// The same words as the API and the export files: files shared with the API that Vite can take as they are
// (no imports; roles.ts has a type import only, which apps/web/tsconfig.json resolves to the county list).
export { AUDIT_ACTION_LABELS, AUDIT_RESULT_LABELS, CATEGORY_LABELS, RAG_LABELS, ROLE_TITLES, STATUS_LABELS };

/** Counties of 滁州市 in the order of design §1 (市直 has no polygon on the map). */
export const COUNTIES = [
  { slug: 'city', name: '市直' },
  { slug: 'langya', name: '琅琊区' },
  { slug: 'nanqiao', name: '南谯区' },
  { slug: 'laian', name: '来安县' },
  { slug: 'quanjiao', name: '全椒县' },
  { slug: 'dingyuan', name: '定远县' },
  { slug: 'fengyang', name: '凤阳县' },
  { slug: 'tianchang', name: '天长市' },
  { slug: 'mingguang', name: '明光市' },
] as const;

export function countyName(slug: string | null | undefined): string {
  return COUNTIES.find((c) => c.slug === slug)?.name ?? slug ?? '';
}

export const categoryLabel = (category: string): string => (CATEGORY_LABELS as Readonly<Record<string, string>>)[category] ?? category;

export const statusLabel = (status: string): string => STATUS_LABELS[status as ProjectStatus] ?? status;

export const RAG_COLORS: Record<Rag, string> = { red: '#c62828', amber: '#e0a000', green: '#2e7d32' };

export const roleTitle = (role: string | null | undefined): string => (role ? ((ROLE_TITLES as Readonly<Record<string, string>>)[role] ?? role) : '');

/** Who reads the portfolio (overview, counties, projects, alerts): not the security administrator, not the auditor. */
export const isReader = (role: Role): boolean => (READER_ROLES as readonly Role[]).includes(role);

/** The accounts each administrator manages (三员分立): the system administrator the business accounts, the security administrator the administrators. */
export const MANAGED_ROLES: Partial<Record<Role, readonly Role[]>> = {
  admin: BUSINESS_ROLES,
  security_admin: ADMINISTRATOR_ROLES,
};

/** Where each role starts: the readers on the overview, the security administrator and the auditor on their own page. */
export function homeOf(role: Role): string {
  if (role === 'security_admin') return '/security';
  if (role === 'auditor') return '/audit';
  return '/';
}

export const auditActionLabel = (action: string): string => (AUDIT_ACTION_LABELS as Readonly<Record<string, string>>)[action] ?? action;

export const LEVEL_LABELS: Record<AlertLevel, string> = { L1: '项目负责人', L2: '县区督办', L3: '市领导' };
export const DIGEST_STATUS_LABELS: Record<DigestStatus, string> = { sent: '已发送', pending: '待发送', failed: '失败' };

export const EVENT_LABELS: Record<string, string> = {
  'project.registered': '项目登记',
  'milestone.planned': '计划节点',
  'milestone.started': '节点开始',
  'milestone.completed': '节点完成',
  'milestone.rescheduled': '调整计划',
  'milestone.date_corrected': '更正日期',
  'project.suspended': '项目暂停',
  'project.resumed': '项目恢复',
  'project.cancelled': '项目取消',
};

export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? type;

export function percent(rate: number, digits = 1): string {
  return `${(rate * 100).toFixed(digits)}%`;
}

export function count(n: number): string {
  return n.toLocaleString('zh-CN');
}
