import { composeDigestEmail } from './digest-email.js';
import type { Digest, DigestItem } from './digest.js';

const item = (n: number, name = `项目${n}`): DigestItem => ({
  projectId: `laian-${n}`, projectName: name, county: 'laian', category: 'education',
  milestone: 'approval', milestoneTitle: '立项批复', dueDate: '2026-03-01', daysLate: 40 - n,
});

describe('composeDigestEmail', () => {
  it('writes a Chinese subject and lists each milestone with county, due date, days late and a link, escaping HTML', () => {
    const digest: Digest = { recipient: 'lead@laian.example.gov.cn', level: 'L2', day: '2026-04-09', items: [item(1, '<b>来安</b> & 学校')], itemCount: 1 };
    const email = composeDigestEmail(digest, { baseUrl: 'https://taizhang.example/', maxRows: 10 });
    expect(email.subject).toBe('【台账·县区督办】2026-04-09 逾期里程碑 1 项');
    expect(email.text).toContain('<b>来安</b> & 学校（来安县）— 立项批复，计划 2026-03-01，逾期 39 天');
    expect(email.text).toContain('https://taizhang.example/projects/laian-1');
    expect(email.html).toContain('&lt;b&gt;来安&lt;/b&gt; &amp; 学校');
    expect(email.html).not.toContain('<b>来安</b>');
    expect(email.html).toContain('<td>来安县</td><td>2026-03-01</td>');
  });

  it('lists at most maxRows, the most overdue first, and counts the rest, with a link to all overdue projects', () => {
    const items = Array.from({ length: 5 }, (_, i) => item(5 - i)); // 项目5 (35 days late) first, 项目1 (39 days) last
    const email = composeDigestEmail({ recipient: 'x@y.cn', level: 'L3', day: '2026-04-09', items, itemCount: 5 }, { baseUrl: 'http://h', maxRows: 2 });
    expect(email.subject).toContain('逾期里程碑 5 项');
    expect(email.text).toMatch(/1\. 项目1（来安县）.*逾期 39 天[\s\S]*2\. 项目2（来安县）.*逾期 38 天/);
    expect(email.text).not.toContain('项目3');
    expect(email.text).toContain('另有 3 项未列出');
    expect(email.html).toContain('href="http://h/projects?overdue=true"');
  });
});
