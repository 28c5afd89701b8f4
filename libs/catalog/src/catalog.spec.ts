import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { isCalendarDate } from '../../portfolio/src/domain/calendar-date.js';
import { isCategory } from '../../portfolio/src/domain/category.js';
import { COUNTIES, isCountySlug, type CountySlug } from '../../portfolio/src/domain/county.js';
import { isProjectAction } from '../../portfolio/src/domain/project-action.js';
import {
  CATALOG_ENTRIES,
  PLAN_COLUMNS,
  PLAN_END,
  PLAN_INDICATORS,
  PLAN_TARGETS,
  PLAN_TEXT_SHA256,
  catalogProjectId,
  type IndicatorValue,
} from './index.js';

const ROOT = process.cwd();
const planBytes = readFileSync(join(ROOT, 'test/fixtures/plan.txt'));
const plan = planBytes.toString('utf8');
const catalogDoc = readFileSync(join(ROOT, 'libs/catalog/CATALOG.md'), 'utf8');

function occurrences(text: string, needle: string): number {
  if (needle.length === 0) return 0;
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) count += 1;
  return count;
}

/** The sentence (between 。, ； or line breaks of the plan) that holds `phrase`, widened to 。 only. */
function sentenceOf(phrase: string): string {
  const at = plan.indexOf(phrase);
  if (at < 0) throw new Error(`not in plan: ${phrase}`);
  const start = plan.lastIndexOf('。', at) + 1;
  const endDot = plan.indexOf('。', at + phrase.length);
  const endLine = plan.indexOf('\n', at + phrase.length);
  const ends = [endDot, endLine].filter((i) => i >= 0);
  const end = ends.length > 0 ? Math.min(...ends) : plan.length;
  return plan.slice(start, end);
}

const COUNTY_PREFIXES: Record<CountySlug, readonly string[]> = {
  city: ['滁州市', '滁州', '市'],
  langya: ['琅琊区', '琅琊'],
  nanqiao: ['南谯区', '南谯'],
  laian: ['来安县', '来安'],
  quanjiao: ['全椒县', '全椒'],
  dingyuan: ['定远县', '定远'],
  fengyang: ['凤阳县', '凤阳'],
  tianchang: ['天长市', '天长'],
  mingguang: ['明光市', '明光'],
};

const ALL_PLACE_PREFIXES: readonly [string, CountySlug][] = (Object.entries(COUNTY_PREFIXES) as [CountySlug, readonly string[]][])
  .flatMap(([county, prefixes]) => prefixes.map((p): [string, CountySlug] => [p, county]))
  .sort((a, b) => b[0].length - a[0].length);

/**
 * Splits a name for duplicate detection across all counties: `place` is the county the name's own
 * leading place name points to (全椒…, 滁州市…, 市…), or null when it has none; `stem` is the rest,
 * without punctuation and with ordinal spellings unified (第五中学 = 五中).
 */
function normalise(name: string): { place: CountySlug | null; stem: string } {
  let n = name.replace(/[\s\p{P}]/gu, '');
  let place: CountySlug | null = null;
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const [prefix, county] of ALL_PLACE_PREFIXES) {
      if (n.startsWith(prefix) && n.length > prefix.length) {
        n = n.slice(prefix.length);
        place ??= county;
        stripped = true;
        break;
      }
    }
  }
  const stem = n
    .replace(/第([一二三四五六七八九十]+)人民医院/g, '$1院')
    .replace(/第([一二三四五六七八九十]+)中学/g, '$1中')
    .replace(/第([一二三四五六七八九十]+)小学/g, '$1小')
    .replace(/第([一二三四五六七八九十]+)初级中学/g, '$1初中');
  return { place, stem };
}

const SHORT_COUNTY_NAMES: readonly [string, CountySlug][] = [
  ['琅琊', 'langya'],
  ['南谯', 'nanqiao'],
  ['来安', 'laian'],
  ['全椒', 'quanjiao'],
  ['定远', 'dingyuan'],
  ['凤阳', 'fengyang'],
  ['天长', 'tianchang'],
  ['明光', 'mingguang'],
];

describe('plan fixture', () => {
  it('is the text the catalog was reviewed against', () => {
    expect(createHash('sha256').update(planBytes).digest('hex')).toBe(PLAN_TEXT_SHA256);
  });
});

describe('catalogProjectId', () => {
  it('is the county and the first 10 hex chars of sha256("county|name")', () => {
    const expected = createHash('sha256').update('tianchang|天长同心小学', 'utf8').digest('hex').slice(0, 10);
    expect(catalogProjectId('tianchang', '天长同心小学')).toBe(`tianchang-${expected}`);
    expect(catalogProjectId('tianchang', '天长同心小学')).toMatch(/^tianchang-[0-9a-f]{10}$/);
  });

  it('differs by county and by name', () => {
    expect(catalogProjectId('city', '五中新校区')).not.toBe(catalogProjectId('dingyuan', '五中新校区'));
    expect(catalogProjectId('city', '五中新校区')).not.toBe(catalogProjectId('city', '第五中学'));
  });
});

describe('catalog entries', () => {
  it('has unique ids, each equal to catalogProjectId(county, name)', () => {
    const ids = CATALOG_ENTRIES.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of CATALOG_ENTRIES) expect(e.id).toBe(catalogProjectId(e.county, e.name));
  });

  it('uses valid counties, categories and actions, and names a sub-type', () => {
    for (const e of CATALOG_ENTRIES) {
      expect({ name: e.name, county: isCountySlug(e.county) }).toEqual({ name: e.name, county: true });
      expect({ name: e.name, category: isCategory(e.category) }).toEqual({ name: e.name, category: true });
      expect({ name: e.name, action: isProjectAction(e.action) }).toEqual({ name: e.name, action: true });
      expect(e.subType.trim()).not.toBe('');
    }
  });

  it('quotes each project by a phrase that occurs exactly once in the plan', () => {
    for (const e of CATALOG_ENTRIES) {
      expect({ name: e.name, occurrences: occurrences(plan, e.sourcePhrase) }).toEqual({ name: e.name, occurrences: 1 });
    }
  });

  it('uses names written in the plan, or explains the name in a nameNote', () => {
    for (const e of CATALOG_ENTRIES) {
      if (plan.includes(e.name)) {
        expect({ name: e.name, inPhrase: e.sourcePhrase.includes(e.name) }).toEqual({ name: e.name, inPhrase: true });
        expect(e.nameNote).toBeUndefined();
      } else {
        expect({ name: e.name, nameNote: typeof e.nameNote }).toEqual({ name: e.name, nameNote: 'string' });
        const quoted = [...(e.nameNote ?? '').matchAll(/“([^”]+)”/g)].map((m) => m[1]);
        expect(quoted.length).toBeGreaterThan(0);
        for (const q of quoted) expect({ name: e.name, quoted: q, inPlan: plan.includes(q) }).toMatchObject({ inPlan: true });
      }
    }
  });

  it('has no duplicates under different spellings, within or across counties', () => {
    // Two entries are the same project when their stems match and their names' own place names do
    // not tell them apart (equal, or at least one name has none) — whatever county each is mapped
    // to: one project under two counties is an error, not two projects.
    const byStem = new Map<string, { name: string; county: CountySlug; place: CountySlug | null }[]>();
    for (const e of CATALOG_ENTRIES) {
      const { place, stem } = normalise(e.name);
      const earlier = byStem.get(stem) ?? [];
      const duplicateOf = earlier
        .filter((x) => x.place === null || place === null || x.place === place)
        .map((x) => `${x.county}:${x.name}`);
      expect({ name: e.name, county: e.county, duplicateOf }).toEqual({ name: e.name, county: e.county, duplicateOf: [] });
      byStem.set(stem, [...earlier, { name: e.name, county: e.county, place }]);
    }
  });

  it('duplicate detection sees through place prefixes and counties', () => {
    expect(normalise('全椒县医院二期')).toEqual({ place: 'quanjiao', stem: '医院二期' });
    expect(normalise('滁州市第五中学')).toEqual(normalise('市五中'));
    expect(normalise('五中')).toEqual({ place: null, stem: '五中' });
    expect(normalise('定远县医院二期').stem).toBe(normalise('全椒县医院二期').stem);
    expect(normalise('定远县医院二期').place).not.toBe(normalise('全椒县医院二期').place);
  });

  it('states each deadline as a real year-end date within the plan period', () => {
    for (const e of CATALOG_ENTRIES) {
      expect(isCalendarDate(e.deadline)).toBe(true);
      expect(e.deadline).toMatch(/^202[1-5]-12-31$/);
      if (e.deadlineSource === null) {
        expect(e.deadline).toBe(PLAN_END);
      } else {
        expect(sentenceOf(e.sourcePhrase)).toContain(e.deadlineSource);
        expect(e.deadlineSource).toContain(e.deadline.slice(0, 4));
      }
    }
  });

  it('quotes the plan’s verb from the sentence that names the project', () => {
    for (const e of CATALOG_ENTRIES) {
      const sentence = sentenceOf(e.sourcePhrase);
      for (const part of e.planVerb.split('…').filter((p) => p.length > 0)) {
        expect({ name: e.name, verb: part, inSentence: sentence.includes(part) }).toMatchObject({ inSentence: true });
      }
    }
  });

  it('maps the plan’s verb onto the action consistently', () => {
    for (const e of CATALOG_ENTRIES) {
      let expected: string;
      if (/改（扩）建|改扩建$/.test(e.name)) expected = '改扩建';
      else if (e.name.endsWith('改造提升')) expected = '改造提升';
      else if (/扩建(项目)?$/.test(e.name)) expected = '扩建';
      else if (e.planVerb === '启用' || e.planVerb === '扩建' || e.planVerb === '新建') expected = e.planVerb;
      else if (e.planVerb.includes('新建') || e.planVerb === '规划建设') expected = '新建';
      else expected = '推进建设';
      expect({ name: e.name, action: e.action }).toEqual({ name: e.name, action: expected });
    }
  });

  it('maps names that carry a county place name to that county, and flags every other guess', () => {
    for (const e of CATALOG_ENTRIES) {
      const place = SHORT_COUNTY_NAMES.find(([short]) => e.name.startsWith(short));
      if (place && !e.name.startsWith('琅琊路')) expect({ name: e.name, county: e.county }).toEqual({ name: e.name, county: place[1] });
      if (/^(市|滁州市)/.test(e.name)) expect({ name: e.name, county: e.county }).toEqual({ name: e.name, county: 'city' });
      if (e.name.includes('苏滁')) expect(e.uncertain).not.toBeNull();
      if (!place && !/^(市|滁州市)/.test(e.name) && e.county !== 'city') {
        // A county name is not in the project's name: only certain if a town of that county is.
        const townOfCounty = ['石梁', '自来桥', '武店', '枣巷', '半塔', '汊河'].some((t) =>
          e.name.startsWith(t),
        );
        if (!townOfCounty) expect({ name: e.name, uncertain: typeof e.uncertain }).toEqual({ name: e.name, uncertain: 'string' });
      }
      if (e.uncertain !== null) expect(e.uncertain.trim().length).toBeGreaterThan(10);
    }
  });

  it('lists every uncertain mapping in CATALOG.md', () => {
    for (const e of CATALOG_ENTRIES.filter((x) => x.uncertain !== null)) {
      expect({ id: e.id, inDoc: catalogDoc.includes(e.id) }).toEqual({ id: e.id, inDoc: true });
    }
  });

  it('gives CATALOG.md counts that match the data', () => {
    for (const county of COUNTIES) {
      const n = CATALOG_ENTRIES.filter((e) => e.county === county.slug).length;
      expect(catalogDoc).toContain(`| \`${county.slug}\` | ${county.name} | ${n} |`);
    }
    expect(catalogDoc).toContain(`**${CATALOG_ENTRIES.length}** named projects`);
    expect(catalogDoc).toContain(`**${PLAN_TARGETS.length}** quantitative targets`);
    expect(catalogDoc).toContain(`**${PLAN_INDICATORS.length}** indicators`);
  });
});

describe('plan columns', () => {
  it('quote headings that exist in the plan (or say the heading is missing from it)', () => {
    for (const column of Object.values(PLAN_COLUMNS)) {
      const [head, sub] = column.split(' · ');
      const numbered = /^专栏(\d+) (.+)$/.exec(head);
      if (numbered) expect({ column, inPlan: plan.includes(`专栏 ${numbered[1]} ${numbered[2]}`) }).toMatchObject({ inPlan: true });
      else if (head.startsWith('第三章第二节 ')) expect(plan).toContain(`第二节  ${head.slice('第三章第二节 '.length)}`);
      else expect(head).toContain('原文缺标题');
      if (sub !== undefined) expect({ column, inPlan: plan.includes(`${sub}。`) }).toMatchObject({ inPlan: true });
    }
  });

  it('are used by every entry and target', () => {
    const known = new Set<string>(Object.values(PLAN_COLUMNS));
    for (const x of [...CATALOG_ENTRIES, ...PLAN_TARGETS]) expect(known.has(x.column)).toBe(true);
  });
});

describe('plan targets', () => {
  it('have unique ids and phrases that occur exactly once in the plan', () => {
    const ids = PLAN_TARGETS.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of PLAN_TARGETS) {
      expect({ id: t.id, occurrences: occurrences(plan, t.sourcePhrase) }).toEqual({ id: t.id, occurrences: 1 });
    }
  });

  it('quote their own figure, or explain the reading in a note', () => {
    for (const t of PLAN_TARGETS) {
      expect(t.unit.trim()).not.toBe('');
      if (typeof t.value === 'number') expect(t.value).toBeGreaterThan(0);
      if (!t.sourcePhrase.includes(String(t.value))) expect({ id: t.id, note: typeof t.note }).toEqual({ id: t.id, note: 'string' });
      if (t.bound === 'range') expect(t.value).toMatch(/^\d+-\d+$/);
    }
  });

  it('have real year-end deadlines, set by a phrase in the same sentence or defaulted to the plan end', () => {
    for (const t of PLAN_TARGETS) {
      expect(isCalendarDate(t.deadline)).toBe(true);
      expect(t.deadline).toMatch(/^202[1-5]-12-31$/);
      if (t.deadlineSource === null) expect(t.deadline).toBe(PLAN_END);
      else {
        expect({ id: t.id, inSentence: sentenceOf(t.sourcePhrase).includes(t.deadlineSource) }).toMatchObject({ inSentence: true });
        expect(t.deadlineSource).toContain(t.deadline.slice(0, 4));
      }
    }
  });

  it('include the targets the design names', () => {
    const byId = new Map(PLAN_TARGETS.map((t) => [t.id, t]));
    const expectTarget = (id: string, value: number | string, unit: string, deadline = PLAN_END) =>
      expect(byId.get(id)).toMatchObject({ value, unit, deadline });
    expectTarget('kindergarten-projects', 86, '个');
    expectTarget('inclusive-kindergarten-places', 24270, '个');
    expectTarget('old-residential-compounds', 269, '个');
    expectTarget('shanty-town-households', 21854, '户');
    expectTarget('rural-dangerous-houses', 1.5, '万户');
    expectTarget('sports-parks', 7, '个');
    expectTarget('fitness-trails', 200, '公里');
    expectTarget('city-reading-points', 100, '个');
    expectTarget('county-level-care-facilities-2022', 21, '所', '2022-12-31');
    expectTarget('barrier-free-home-renovations', 1300, '户');
  });
});

describe('plan indicators (专栏2)', () => {
  /** Reads the indicator table straight from the plan text: 5 tab-indented cells per row. */
  function parseTable(): { area: string; label: string; value2020: IndicatorValue; target2025: IndicatorValue; nature: string }[] {
    const start = plan.indexOf('专栏 2 “十四五”社会发展与公共服务主要指标');
    const end = plan.indexOf('注：1.新建城区', start);
    const lines = plan.slice(start, end).split('\n');
    const headerEnd = lines.findIndex((l) => l === '\t属  性');
    const blocks: string[][] = [];
    let block: string[] = [];
    for (const line of lines.slice(headerEnd + 1)) {
      if (line === '') {
        if (block.length > 0) blocks.push(block);
        block = [];
      } else block.push(line.replace(/^\t/, ''));
    }
    if (block.length > 0) blocks.push(block);
    const asValue = (cell: string): IndicatorValue => (/^\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell);
    let area = '';
    return blocks.map((b) => {
      expect(b).toHaveLength(5);
      area = b[0] === '' ? area : b[0];
      return { area, label: b[1], value2020: asValue(b[2]), target2025: asValue(b[3]), nature: b[4] };
    });
  }

  it('holds every row of the table, with the plan’s values', () => {
    const rows = parseTable();
    expect(rows).toHaveLength(24);
    expect(PLAN_INDICATORS.map((i) => ({ area: i.area, label: `${i.name}（${i.unit}）`, value2020: i.value2020, target2025: i.target2025, nature: i.nature }))).toEqual(rows);
  });

  it('have unique ids, valid natures and phrases that occur exactly once', () => {
    expect(new Set(PLAN_INDICATORS.map((i) => i.id)).size).toBe(PLAN_INDICATORS.length);
    for (const i of PLAN_INDICATORS) {
      expect(['预期性', '约束性']).toContain(i.nature);
      expect({ id: i.id, occurrences: occurrences(plan, i.sourcePhrase) }).toEqual({ id: i.id, occurrences: 1 });
    }
  });
});
