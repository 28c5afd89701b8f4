import ExcelJS from 'exceljs';
import { EventStore } from '#libs/event-store';
import { COUNTIES, SYNTHETIC_PLAN_PREFIX, type ProjectCommand } from '#libs/portfolio';
import { PortfolioProjector, ProjectionRunner, streamProjects, type ProjectListItem } from '#libs/projections';
import { adminHeaders, http, startApi, type ApiUnderTest } from '../support/api-under-test.js';
import { recordOn } from '../support/backdated-ledger.js';

type Figures = Record<string, unknown> & { byStatus: Record<string, number> };
type CountyJson = Figures & { slug: string; name: string; code: string; lastActivityAt: string | null };
type Cell = ExcelJS.CellValue;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TRICKY_NAME = '来安县第一小学 "新校区", 一期';
const FORMULA_NAME = '=1+1 凤阳县体育馆';
const COUNTY_HEADERS = [
  '县区', '行政区划代码', '标识', '项目数（不含已取消）', '未开工', '在建', '已完成', '已暂停', '已取消', '项目完成率', '里程碑数', '已完成里程碑',
  '里程碑完成率', '按序时应完成里程碑', '序时进度', '快于(+)/慢于(-)序时进度（百分点）', '逾期里程碑', '逾期项目', '最近动态（北京时间）',
];
const PROJECT_HEADERS = [
  '项目名称', '县区', '类别', '项目类型', '建设性质', '状态', '红黄绿灯', '下一里程碑', '计划日期', '逾期天数', '逾期里程碑', '已完成里程碑', '里程碑总数',
  '计划开工', '计划竣工', '项目负责人', '演示数据', '最近记录（北京时间）', '项目编号',
];

/** A downloaded file: status, headers and bytes (sent with the same sign-in headers as http()). */
async function download(url: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(url, { headers: adminHeaders(url) });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function readXlsx(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0];
}

/** Every row as its cells' values (1-based columns, empty cells null). */
function rowsOf(sheet: ExcelJS.Worksheet, columns: number): Cell[][] {
  const rows: Cell[][] = [];
  sheet.eachRow((row) => rows.push(Array.from({ length: columns }, (_, i) => row.getCell(i + 1).value ?? null)));
  return rows;
}

/** RFC 4180: quoted fields may hold commas, line breaks and doubled quotes; here every record must end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      expect(field).toBe('');
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`a bare line break at ${i}: records must end in CRLF`);
    } else field += c;
  }
  expect([quoted, field, record]).toEqual([false, '', []]);
  return records;
}

const utcDate = (day: string) => new Date(`${day}T00:00:00Z`);
const beijing = (iso: string | null) => (iso === null ? null : new Date(new Date(iso).getTime() + 8 * 3600 * 1000));

/** A row of the counties file as GET /api/counties (or /api/portfolio, for the total) gives it in JSON. */
function countyCells(c: Figures, name: string, code: string | null, slug: string | null, lastActivityAt: string | null): Cell[] {
  return [
    name, code, slug, c.projects, c.byStatus.not_started, c.byStatus.in_progress, c.byStatus.completed, c.byStatus.suspended, c.byStatus.cancelled,
    c.completionRate, c.milestones, c.milestonesDone, c.milestoneCompletionRate, c.milestonesDue, c.scheduleRate, c.aheadOfSchedulePoints,
    c.overdueMilestones, c.overdueProjects, beijing(lastActivityAt),
  ] as Cell[];
}

describe('Excel and CSV exports of the counties view and the project list', () => {
  let api: ApiUnderTest;
  let today: string;
  const get = <T = Record<string, unknown>>(path: string) => http<T>('GET', `${api.baseUrl}${path}`);
  const post = async (path: string, body: unknown) => {
    const reply = await http('POST', `${api.baseUrl}${path}`, body);
    expect(reply.status).toBeLessThan(300);
    return reply.body;
  };
  const register = async (name: string, county: string, category: string, plan = '滁州市“十四五”公共服务规划') =>
    (await post('/projects', { name, county, category, subType: '测试', action: '新建', plan, plannedStart: '2025-01-01', plannedCompletion: '2099-12-31', managerEmail: `pm@${county}.gov.cn` }))
      .id as string;
  const listJson = async (query: string) => (await get<{ items: ProjectListItem[] }>(`/projects?limit=500&${query}`)).body.items;

  beforeAll(async () => {
    api = await startApi();
    const pool = api.db.pool;
    // Recorded long ago, so asOf a past day shows this project alone.
    const old: ProjectCommand = {
      type: 'registerProject', projectId: 'laian-old', name: '来安县老项目', county: 'laian', category: 'culture', subType: '文化馆', action: '改扩建',
      plan: '测试台账', plannedStart: '2025-01-01', plannedCompletion: '2025-12-31', managerEmail: 'old@laian.gov.cn',
    };
    await recordOn(pool, '2025-01-10', 'laian-old', old);
    await recordOn(pool, '2025-01-10', 'laian-old', { type: 'planMilestone', key: 'approval', dueDate: '2025-03-31' });
    // Recorded today through the API.
    const school = await register(TRICKY_NAME, 'laian', 'education');
    await post(`/projects/${school}/milestones`, { key: 'approval', dueDate: '2025-03-31' });
    await post(`/projects/${school}/milestones`, { key: 'groundbreaking', dueDate: '2099-06-30' });
    const hospital = await register('来安县中医院', 'laian', 'health');
    await post(`/projects/${hospital}/milestones`, { key: 'approval', dueDate: '2025-04-30' });
    await post(`/projects/${hospital}/milestones`, { key: 'groundbreaking', dueDate: '2099-12-31' });
    await post(`/projects/${hospital}/milestones/approval/complete`, { completedOn: '2025-04-20' });
    const eldercare = await register('凤阳县养老服务中心', 'fengyang', 'eldercare', `${SYNTHETIC_PLAN_PREFIX}（测试）`);
    await post(`/projects/${eldercare}/milestones`, { key: 'approval', dueDate: '2099-01-31' });
    await post(`/projects/${eldercare}/suspend`, { reason: '资金未到位' });
    const gym = await register(FORMULA_NAME, 'fengyang', 'sports');
    await post(`/projects/${gym}/milestones`, { key: 'approval', dueDate: '2099-03-31' });
    const runner = new ProjectionRunner(pool, new EventStore(pool), new PortfolioProjector());
    while ((await runner.runBatch()) > 0);
    today = (await get<{ day: string }>('/counties')).body.day;
  }, 60_000);
  afterAll(() => api.close());

  describe('GET /api/exports/counties', () => {
    it('gives every county of GET /api/counties and the city total of GET /api/portfolio as an xlsx file', async () => {
      const file = await download(`${api.baseUrl}/exports/counties?format=xlsx`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(XLSX);
      expect(file.headers.get('content-disposition')).toBe(
        `attachment; filename="counties-${today}.xlsx"; filename*=UTF-8''${encodeURIComponent(`县区完成情况-${today}.xlsx`)}`,
      );
      const counties = await get<{ counties: CountyJson[] }>('/counties');
      const city = (await get<Figures>('/portfolio')).body;
      expect(Number(file.headers.get('x-log-position'))).toBe(Number(counties.headers.get('x-log-position')));

      const sheet = await readXlsx(file.bytes);
      expect(sheet.name).toBe('县区完成情况');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      const [header, ...rows] = rowsOf(sheet, COUNTY_HEADERS.length);
      expect(header).toEqual(COUNTY_HEADERS);
      const lastActivity = counties.body.counties.map((c) => c.lastActivityAt).filter((at) => at !== null).sort().at(-1)!;
      expect(rows).toEqual([
        ...counties.body.counties.map((c) => countyCells(c, c.name, c.code, c.slug, c.lastActivityAt)),
        countyCells(city, '全市合计', null, null, lastActivity),
      ]);
      expect(rows.map((r) => r[0])).toEqual([...COUNTIES.map((c) => c.name), '全市合计']);
      const laian = rows.find((r) => r[2] === 'laian')!;
      // Milestones: the old project's approval (late), the school's approval (late) and groundbreaking, the hospital's approval
      // (done: it is in progress) and groundbreaking; three were due by today.
      expect(laian.slice(3, 19)).toEqual([3, 2, 1, 0, 0, 0, 0, 5, 1, 0.2, 3, 0.6, -40, 2, 2, expect.any(Date)]);
    });

    it('gives the figures as recorded by the end of a past day (asOf) and on a business date (effectiveAt)', async () => {
      const asOf = await download(`${api.baseUrl}/exports/counties?asOf=2025-06-30`);
      expect(asOf.headers.get('content-type')).toBe(XLSX);
      expect(asOf.headers.get('content-disposition')).toContain('filename="counties-2025-06-30.xlsx"');
      const then = await get<{ counties: CountyJson[] }>('/counties?asOf=2025-06-30');
      const rows = rowsOf(await readXlsx(asOf.bytes), COUNTY_HEADERS.length).slice(1);
      expect(rows.slice(0, 9)).toEqual(then.body.counties.map((c) => countyCells(c, c.name, c.code, c.slug, c.lastActivityAt)));
      expect(rows.find((r) => r[2] === 'laian')!.slice(3, 5)).toEqual([1, 1]);
      expect(rows.find((r) => r[2] === 'fengyang')![3]).toBe(0);
      expect(rows[9]!.slice(0, 4)).toEqual(['全市合计', null, null, 1]);

      const business = await download(`${api.baseUrl}/exports/counties?effectiveAt=2025-04-25`);
      expect(business.headers.get('content-disposition')).toBe(
        `attachment; filename="counties-effective-2025-04-25.xlsx"; filename*=UTF-8''${encodeURIComponent('县区完成情况-按业务日期-2025-04-25.xlsx')}`,
      );
      const effective = await get<{ counties: CountyJson[] }>('/counties?effectiveAt=2025-04-25');
      const businessRows = rowsOf(await readXlsx(business.bytes), COUNTY_HEADERS.length).slice(1, 10);
      expect(businessRows).toEqual(effective.body.counties.map((c) => countyCells(c, c.name, c.code, c.slug, c.lastActivityAt)));
    });

    it('writes CSV as UTF-8 with a BOM, CRLF line ends and percentages Excel reads', async () => {
      const file = await download(`${api.baseUrl}/exports/counties?format=csv`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(file.headers.get('content-disposition')).toBe(
        `attachment; filename="counties-${today}.csv"; filename*=UTF-8''${encodeURIComponent(`县区完成情况-${today}.csv`)}`,
      );
      expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = file.bytes.toString('utf8').slice(1);
      expect(text.endsWith('\r\n')).toBe(true);
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual(COUNTY_HEADERS);
      expect(rows).toHaveLength(10);
      const laian = rows.find((r) => r[2] === 'laian')!;
      const json = (await get<{ counties: CountyJson[] }>('/counties')).body.counties.find((c) => c.slug === 'laian')!;
      expect(laian.slice(0, 19)).toEqual([
        '来安县', '341122', 'laian', '3', '2', '1', '0', '0', '0', '0%', '5', '1', '20%', '3', '60%', '-40', '2', '2',
        new Date(new Date(json.lastActivityAt!).getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' '),
      ]);
      expect(rows[9]!.slice(0, 4)).toEqual(['全市合计', '', '', '5']);
    });
  });

  describe('GET /api/exports/projects', () => {
    it('lists every project GET /api/projects lists, in its order, with Chinese headers and real dates', async () => {
      const file = await download(`${api.baseUrl}/exports/projects?format=xlsx`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(XLSX);
      expect(file.headers.get('content-disposition')).toBe(
        `attachment; filename="projects-${today}.xlsx"; filename*=UTF-8''${encodeURIComponent(`项目清单-${today}.xlsx`)}`,
      );
      const sheet = await readXlsx(file.bytes);
      expect(sheet.name).toBe('项目清单');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      const [header, ...rows] = rowsOf(sheet, PROJECT_HEADERS.length);
      expect(header).toEqual(PROJECT_HEADERS);
      const listed = await listJson('');
      expect(rows.map((r) => [r[18], r[0], r[9], r[10]])).toEqual(listed.map((p) => [p.id, p.name, p.daysLate, p.overdueCount]));
      expect(rows).toHaveLength(5);

      const school = rows.find((r) => r[0] === TRICKY_NAME)!;
      const schoolJson = listed.find((p) => p.name === TRICKY_NAME)!;
      expect(school).toEqual([
        TRICKY_NAME, '来安县', '教育', '测试', '新建', '未开工', '红灯', '立项批复', utcDate('2025-03-31'), schoolJson.daysLate, 1, 0, 2,
        utcDate('2025-01-01'), utcDate('2099-12-31'), 'pm@laian.gov.cn', '否', expect.any(Date), schoolJson.id,
      ]);
      expect(school[9]).toBeGreaterThan(200);
      expect(rows.find((r) => r[0] === '来安县中医院')!.slice(5, 9)).toEqual(['在建', '绿灯', '开工', utcDate('2099-12-31')]);
      expect(rows.find((r) => r[0] === '凤阳县养老服务中心')!.slice(5, 7)).toEqual(['已暂停', '绿灯']);
      expect(rows.find((r) => r[0] === '凤阳县养老服务中心')![16]).toBe('是');
      expect(rows.find((r) => r[0] === '来安县老项目')!.slice(1, 5)).toEqual(['来安县', '文化', '文化馆', '改扩建']);
    });

    it('applies the filters and the order of GET /api/projects, and asOf', async () => {
      const exported = async (query: string) => rowsOf(await readXlsx((await download(`${api.baseUrl}/exports/projects?${query}`)).bytes), 19).slice(1);
      for (const query of ['county=laian&overdue=true', 'county=fengyang', 'status=suspended', 'q=中医院', 'category=education', 'rag=red', 'sort=days_late&order=desc', 'overdue=false&sort=next_due_date']) {
        expect([query, (await exported(query)).map((r) => r[18])]).toEqual([query, (await listJson(query)).map((p) => p.id)]);
      }
      expect((await exported('county=laian&overdue=true')).map((r) => r[0])).toEqual(['来安县第一小学 "新校区", 一期', '来安县老项目']);
      const then = await exported('asOf=2025-06-30');
      expect(then.map((r) => [r[0], r[5], r[6], r[9]])).toEqual([['来安县老项目', '未开工', '红灯', 91]]);
      const file = await download(`${api.baseUrl}/exports/projects?county=laian&asOf=2025-06-30&format=csv`);
      expect(file.headers.get('content-disposition')).toBe(
        `attachment; filename="projects-laian-2025-06-30.csv"; filename*=UTF-8''${encodeURIComponent('项目清单-来安县-2025-06-30.csv')}`,
      );
    });

    it('writes CSV with a BOM, RFC 4180 quoting and CRLF, and defuses names Excel would take for formulas', async () => {
      const file = await download(`${api.baseUrl}/exports/projects?format=csv&sort=name`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = file.bytes.toString('utf8').slice(1);
      expect(text).toContain('\r\n"来安县第一小学 ""新校区"", 一期",来安县,教育,');
      expect(text.split('\r\n')).toHaveLength(7); // header, 5 projects, and the empty string after the last CRLF
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual(PROJECT_HEADERS);
      expect(rows.map((r) => r[18])).toEqual((await listJson('sort=name')).map((p) => p.id));
      const school = rows.find((r) => r[0] === TRICKY_NAME)!;
      expect(school.slice(1, 9)).toEqual(['来安县', '教育', '测试', '新建', '未开工', '红灯', '立项批复', '2025-03-31']);
      expect(school.slice(13, 17)).toEqual(['2025-01-01', '2099-12-31', 'pm@laian.gov.cn', '否']);
      expect(school[17]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(rows.find((r) => r[18] !== undefined && r[0].endsWith('凤阳县体育馆'))![0]).toBe(`'${FORMULA_NAME}`);
    });

    it('reads the projects through a cursor in batches, in the list order', async () => {
      const client = await api.db.pool.connect();
      try {
        const batches: string[][] = [];
        for await (const batch of streamProjects(client, { sort: 'days_late', order: 'desc' }, today, { redDays: 30, amberDays: 14 }, 2)) {
          batches.push(batch.map((p) => p.id));
        }
        expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
        expect(batches.flat()).toEqual((await listJson('sort=days_late&order=desc')).map((p) => p.id));
      } finally {
        client.release();
      }
    });
  });

  it('answers a bad format or filter with a 400 naming the field', async () => {
    expect((await get('/exports/counties?format=pdf')).body).toMatchObject({ statusCode: 400, field: 'format' });
    expect((await get('/exports/projects?format=xls')).body).toMatchObject({ statusCode: 400, field: 'format', message: expect.stringContaining('xlsx, csv') });
    expect((await get('/exports/projects?county=shanghai')).body).toMatchObject({ statusCode: 400, field: 'county' });
    expect((await get('/exports/projects?overdue=maybe')).body).toMatchObject({ statusCode: 400, field: 'overdue' });
    expect((await get('/exports/projects?page=2')).body).toMatchObject({ statusCode: 400, field: 'page' });
    expect((await get('/exports/counties?asOf=2025-02-30')).body).toMatchObject({ statusCode: 400, field: 'asOf' });
    expect((await get('/exports/counties?asOf=2025-01-01&effectiveAt=2025-01-01')).body).toMatchObject({ statusCode: 400, field: 'asOf' });
    expect((await get('/exports/projects?asOf=2999-01-01')).body).toMatchObject({ statusCode: 400, field: 'asOf' });
  });

  it('is described in the OpenAPI document', async () => {
    type Operation = { parameters: { name: string }[]; responses: Record<string, { content?: Record<string, unknown> }> };
    const paths = (await http<{ paths: Record<string, { get: Operation }> }>('GET', `${api.baseUrl.replace(/\/api$/, '')}/api/docs-json`)).body.paths;
    const projects = paths['/api/exports/projects'].get;
    expect(projects.parameters.map((p) => p.name).sort()).toEqual(['asOf', 'category', 'county', 'format', 'order', 'overdue', 'q', 'rag', 'sort', 'status']);
    expect(Object.keys(projects.responses['200'].content!)).toEqual([XLSX, 'text/csv; charset=utf-8']);
    expect(paths['/api/exports/counties'].get.parameters.map((p) => p.name).sort()).toEqual(['asOf', 'effectiveAt', 'format']);
  });

  describe('a list longer than a batch', () => {
    const BULK = 25_000;
    const BULK_XLSX = 3_000; // named 批量项目甲…; exceljs reads a file back slowly
    const bulkName = (n: number) => `批量项目${n <= BULK_XLSX ? '甲' : '乙'}${String(n).padStart(5, '0')}`;
    const busyApiConnections = async () =>
      (
        await api.db.pool.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'taizhang-api' AND state IN ('active', 'idle in transaction')`,
        )
      ).rows[0].n as number;

    beforeAll(async () => {
      // Copies of one project's read-model row: only the export's reading and writing are under test here.
      await api.db.pool.query(
        `INSERT INTO project_summaries
         SELECT (jsonb_populate_record(NULL::project_summaries,
                   to_jsonb(s) || jsonb_build_object('project_id', 'bulk-' || g,
                     'name', '批量项目' || CASE WHEN g <= $2 THEN '甲' ELSE '乙' END || lpad(g::text, 5, '0')))).*
         FROM project_summaries s, generate_series(1, $1::int) g WHERE s.name = '来安县中医院'`,
        [BULK, BULK_XLSX],
      );
    }, 60_000);

    it('streams every row, batch after batch, in both formats', async () => {
      const csv = parseCsv((await download(`${api.baseUrl}/exports/projects?format=csv&q=批量`)).bytes.toString('utf8').slice(1));
      expect(csv).toHaveLength(BULK + 1);
      // The list's order is the database's order of names (its collation), ties by id.
      const inListOrder = async (like: string) =>
        (await api.db.pool.query(`SELECT name FROM project_summaries WHERE name LIKE $1 ORDER BY name, project_id`, [like])).rows.map((r) => r.name);
      const names = await inListOrder('批量%');
      expect(names).toHaveLength(BULK);
      expect(csv.slice(1).map((r) => r[0])).toEqual(names);
      const xlsx = rowsOf(await readXlsx((await download(`${api.baseUrl}/exports/projects?q=批量项目甲&sort=name&order=desc`)).bytes), PROJECT_HEADERS.length);
      expect(xlsx.slice(1).map((r) => r[0])).toEqual(Array.from({ length: BULK_XLSX }, (_, i) => bulkName(BULK_XLSX - i)));
      expect(xlsx.at(-1)!.slice(1, 3)).toEqual(['来安县', '卫生健康']);
    }, 60_000);

    it('ends its read transaction and gives the connection back when the download is abandoned', async () => {
      for (const format of ['xlsx', 'csv']) {
        const url = `${api.baseUrl}/exports/projects?format=${format}`;
        const abort = new AbortController();
        const response = await fetch(url, { headers: adminHeaders(url), signal: abort.signal });
        expect(response.status).toBe(200);
        await response.body!.getReader().read();
        abort.abort();
        const deadline = Date.now() + 10_000;
        while ((await busyApiConnections()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect([format, await busyApiConnections()]).toEqual([format, 0]);
      }
      expect((await download(`${api.baseUrl}/exports/projects?format=csv&county=fengyang`)).status).toBe(200);
    }, 60_000);

    it('breaks the download, rather than end a file early, when the database fails mid-way', async () => {
      const url = `${api.baseUrl}/exports/projects?format=csv`;
      const response = await fetch(url, { headers: adminHeaders(url) });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      await reader.read();
      const { rows } = await api.db.pool.query(
        `SELECT pg_terminate_backend(pid) AS gone FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'taizhang-api' AND state IN ('active', 'idle in transaction')`,
      );
      expect(rows).toEqual([{ gone: true }]);
      const rest = (async () => {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
      })();
      await expect(rest).rejects.toThrow();
      expect((await download(`${api.baseUrl}/exports/projects?format=csv&county=fengyang`)).status).toBe(200);
    }, 60_000);
  });
});
