import fc from 'fast-check';
import { digestItemOf, levelsFor, writeOverdueDigests, type AlertLevel, type StoredDigestItem } from '#libs/alerts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const DAY = '2026-06-30';
const ESCALATION = { countyLeadDays: 7, leadershipDays: 30 };
const LISTED = 3;
const COUNTIES = ['laian', 'fengyang', 'mingguang'];
const LEADS: Record<string, string> = { laian: 'lead@laian.cn', fengyang: 'lead@fengyang.cn' }; // mingguang has no lead
const LEADERSHIP = 'leader@chuzhou.cn';
const MANAGERS = ['a@pm.cn', 'A@PM.cn', 'b@pm.cn', 'c@pm.cn', 'nobody@unassigned.invalid']; // one address written two ways

interface Milestone { key: string; dueOffset: number; done: boolean }
interface Project { id: string; county: string; manager: string; active: boolean; milestones: Milestone[] }

const projects = fc
  .array(
    fc.record({
      county: fc.constantFrom(...COUNTIES),
      manager: fc.constantFrom(...MANAGERS),
      active: fc.boolean(),
      milestones: fc.array(fc.record({ dueOffset: fc.oneof(fc.constantFrom(-31, -30, -29, -8, -7, -6, -1, 0), fc.integer({ min: -45, max: 5 })), done: fc.boolean() }), { maxLength: 5 }),
    }),
    { maxLength: 12 },
  )
  .map((list) =>
    list.map((p, i): Project => ({ ...p, id: `p${String(i).padStart(2, '0')}`, milestones: p.milestones.map((m, k) => ({ ...m, key: `m${k}` })) })),
  );

const dateBefore = (days: number) => new Date(Date.parse(`${DAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** What the scan must write, worked out from the fixture with levelsFor. */
function expectedDigests(list: Project[]) {
  const digests = new Map<string, { recipient: string; level: AlertLevel; items: Array<{ id: string; key: string; due: string }> }>();
  const add = (recipient: string, level: AlertLevel, item: { id: string; key: string; due: string }) => {
    const id = `${recipient}|${level}`;
    if (!digests.has(id)) digests.set(id, { recipient, level, items: [] });
    digests.get(id)!.items.push(item);
  };
  for (const project of list) {
    if (!project.active) continue;
    for (const milestone of project.milestones) {
      if (milestone.done || milestone.dueOffset >= 0) continue;
      const item = { id: project.id, key: milestone.key, due: dateBefore(milestone.dueOffset) };
      for (const level of levelsFor(-milestone.dueOffset, ESCALATION)) {
        if (level === 'L1' && !project.manager.endsWith('.invalid')) add(project.manager.toLowerCase(), 'L1', item);
        if (level === 'L2' && LEADS[project.county]) add(LEADS[project.county], 'L2', item);
        if (level === 'L3') add(LEADERSHIP, 'L3', item);
      }
    }
  }
  const order = (a: { due: string; id: string; key: string }, b: { due: string; id: string; key: string }) =>
    a.due.localeCompare(b.due) || a.id.localeCompare(b.id) || a.key.localeCompare(b.key);
  return [...digests.values()]
    .map((d) => {
      const sorted = [...d.items].sort(order).map((i) => `${i.id}/${i.key}`);
      return { recipient: d.recipient, level: d.level, itemCount: d.items.length, listed: d.level === 'L1' ? [...sorted].sort() : sorted.slice(0, LISTED) };
    })
    .sort((a, b) => `${a.recipient}|${a.level}`.localeCompare(`${b.recipient}|${b.level}`));
}

describe('the overdue scan’s statement', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(2);
  });
  afterAll(() => db.drop());

  it('writes the digests a direct reading of the milestones gives: who hears at which level, what is listed and counted', async () => {
    await fc.assert(
      fc.asyncProperty(projects, async (list) => {
        await db.pool.query('TRUNCATE project_summaries, project_milestones, alert_digests, alert_recipients');
        await db.pool.query(
          `INSERT INTO alert_recipients (role, county, email) SELECT 'county_lead', county, email FROM unnest($1::text[], $2::text[]) AS l(county, email)
           UNION ALL SELECT 'city_leadership', '', $3`,
          [Object.keys(LEADS), Object.values(LEADS), LEADERSHIP],
        );
        for (const p of list) {
          await db.pool.query(
            `INSERT INTO project_summaries (project_id, name, county, category, sub_type, action, plan, synthetic, manager_email, status,
                                            milestones_total, milestones_done, version, last_position, last_recorded_at, open_due_dates)
             VALUES ($1, $1, $2, 'education', '小学', '新建', '测试', false, $3, $4, 0, 0, 1, 0, now(), '{}')`,
            [p.id, p.county, p.manager, p.active ? 'in_progress' : 'suspended'],
          );
          for (const [i, m] of p.milestones.entries()) {
            await db.pool.query(
              `INSERT INTO project_milestones (project_id, key, ordinal, title, county, due_date, original_due_date, completed_on, reschedule_count, project_active)
               VALUES ($1, $2, $3, $2, $4, $5, $5, $6, 0, $7)`,
              [p.id, m.key, i, p.county, dateBefore(m.dueOffset), m.done ? dateBefore(m.dueOffset) : null, p.active],
            );
          }
        }
        await writeOverdueDigests(db.pool, DAY, ESCALATION, LISTED);
        const { rows } = await db.pool.query(
          `SELECT recipient, level, item_count AS "itemCount", items FROM alert_digests WHERE day = $1 ORDER BY recipient || '|' || level COLLATE "C"`,
          [DAY],
        );
        const written = rows.map((r) => {
          const listed = (r.items as StoredDigestItem[]).map(digestItemOf).map((i) => `${i.projectId}/${i.milestone}`);
          return { recipient: r.recipient, level: r.level, itemCount: r.itemCount, listed: r.level === 'L1' ? listed.sort() : listed };
        });
        expect(written).toEqual(expectedDigests(list));
      }),
      { numRuns: 60 },
    );
  });
});
