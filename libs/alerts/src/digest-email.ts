import escapeHtml from 'escape-html';
import { COUNTIES } from '#libs/portfolio';
import { LEVEL_TITLES } from './alert-levels.js';
import type { Digest, DigestItem } from './digest.js';

export interface DigestEmail {
  subject: string;
  text: string;
  html: string;
}

export interface DigestEmailOptions {
  /** Where the dashboard is served; project links point under it. */
  baseUrl: string;
  /** Rows listed; the rest are counted and linked. */
  maxRows: number;
}

const COUNTY_NAMES: Record<string, string> = Object.fromEntries(COUNTIES.map((c) => [c.slug, c.name]));

const LEVEL_LEADS: Record<Digest['level'], string> = {
  L1: '您负责的以下项目里程碑已逾期，请尽快推进并在台账中更新进度。',
  L2: '本县区以下项目里程碑逾期已超过督办期限，请督促项目单位推进。',
  L3: '以下项目里程碑逾期时间较长，已提请市级领导关注。',
};

/** The digest as an e-mail: a Chinese subject, and the same table as plain text and HTML. */
export function composeDigestEmail(digest: Digest, options: DigestEmailOptions): DigestEmail {
  const shown = [...digest.items].sort(mostOverdueFirst).slice(0, options.maxRows);
  const hidden = digest.itemCount - shown.length;
  const base = options.baseUrl.replace(/\/+$/, '');
  const projectUrl = (item: DigestItem) => `${base}/projects/${encodeURIComponent(item.projectId)}`;
  const overdueUrl = `${base}/projects?overdue=true`;
  const subject = `【台账·${LEVEL_TITLES[digest.level]}】${digest.day} 逾期里程碑 ${digest.itemCount} 项`;
  const more = hidden > 0 ? `另有 ${hidden} 项未列出，请在台账中查看全部逾期项目：${overdueUrl}` : '';

  const text = [
    LEVEL_LEADS[digest.level],
    '',
    ...shown.map(
      (item, i) =>
        `${i + 1}. ${item.projectName}（${countyName(item.county)}）— ${item.milestoneTitle}，计划 ${item.dueDate}，逾期 ${item.daysLate} 天\n   ${projectUrl(item)}`,
    ),
    ...(more ? ['', more] : []),
    '',
    `此邮件由台账于 ${digest.day} 自动发送，每位收件人每天每级最多一封。`,
  ].join('\n');

  const rows = shown
    .map(
      (item) =>
        `<tr><td><a href="${escapeHtml(projectUrl(item))}">${escapeHtml(item.projectName)}</a></td>` +
        `<td>${escapeHtml(item.milestoneTitle)}</td><td>${escapeHtml(countyName(item.county))}</td>` +
        `<td>${escapeHtml(item.dueDate)}</td><td style="text-align:right">${item.daysLate}</td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif">
<p>${escapeHtml(LEVEL_LEADS[digest.level])}</p>
<table border="1" cellspacing="0" cellpadding="4">
<thead><tr><th>项目</th><th>里程碑</th><th>县区</th><th>计划日期</th><th>逾期天数</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${more ? `<p>另有 ${hidden} 项未列出，<a href="${escapeHtml(overdueUrl)}">在台账中查看全部逾期项目</a>。</p>` : ''}
<p style="color:#666">此邮件由台账于 ${escapeHtml(digest.day)} 自动发送，每位收件人每天每级最多一封。</p>
</body></html>`;
  return { subject, text, html };
}

function mostOverdueFirst(a: DigestItem, b: DigestItem): number {
  return b.daysLate - a.daysLate || a.projectName.localeCompare(b.projectName, 'zh-CN') || a.milestone.localeCompare(b.milestone);
}

function countyName(slug: string): string {
  return COUNTY_NAMES[slug] ?? slug;
}
