import { useId, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { query, useApi } from '../api';
import { AppLink, useAsOf, useWithAsOf } from '../as-of';
import { Chart, ChartFigure, type ChartOption } from '../components/Chart';
import { ErrorBox, Loading } from '../components/Bits';
import { ProjectTable } from '../components/ProjectTable';
import { CHUZHOU_MAP, MAPPED_COUNTIES } from '../echarts';
import { categoryLabel, count, percent, RAG_COLORS, RAG_LABELS, STATUS_LABELS } from '../labels';
import type { CompletionFigures, Page, PortfolioOverview, ProjectListItem, ProjectStatus, Rag, Trend } from '../types';
import { KpiTiles } from '../components/KpiTiles';

type CountyFigures = PortfolioOverview['counties'][number];

export function OverviewPage() {
  const { asOf } = useAsOf();
  const portfolio = useApi<PortfolioOverview>(`/api/portfolio${query({ asOf })}`);
  const overdue = useApi<Page<ProjectListItem>>(`/api/projects${query({ overdue: true, sort: 'days_late', order: 'desc', limit: 10, asOf })}`);
  const data = portfolio.data;

  return (
    <div className="page">
      <div className="page-head">
        <h1>总览</h1>
        <p className="page-sub">
          全市公共服务项目完成情况{data ? `（按 ${data.asOf ?? data.day} 判断）` : ''}
          {portfolio.position && <span className="hint-inline">数据对应日志位置 {portfolio.position}</span>}
        </p>
      </div>
      {portfolio.error && <ErrorBox error={portfolio.error} onRetry={portfolio.reload} />}
      {!data && portfolio.loading && <Loading what="总览" />}
      {data && (
        <>
          {(data.syntheticProjects ?? 0) > 0 && (
            <div className="synthetic-banner" role="note" data-testid="synthetic-banner">
              <span className="badge badge-synthetic">演示数据</span> 其中 <strong>{count(data.syntheticProjects ?? 0)}</strong> 个项目是合成的演示数据，不是规划中的真实项目。
            </div>
          )}
          {data.projects === 0 && (
            <p className="alert alert-info" role="status">
              {asOf ? `截至 ${asOf}，台账中还没有记录任何项目。` : '台账中还没有项目。'}
            </p>
          )}
          <Kpis figures={data} />
          <ScheduleLine figures={data} />
          <div className="grid-2">
            <CountyMap counties={data.counties} />
            <CountyTable counties={data.counties} />
          </div>
          <CountyBars counties={data.counties} />
          <div className="grid-2">
            <CategoryBars categories={data.byCategory} />
            <RagPie rag={data.rag} />
          </div>
          <section className="card" aria-labelledby="most-overdue-title">
            <div className="card-head">
              <h2 id="most-overdue-title">逾期最久的项目</h2>
            </div>
            {overdue.error && <ErrorBox error={overdue.error} onRetry={overdue.reload} />}
            {overdue.data && <ProjectTable items={overdue.data.items} showCounty caption="逾期最久的项目" />}
          </section>
          <TrendChart asOf={asOf} />
        </>
      )}
    </div>
  );
}

function Kpis({ figures }: { figures: CompletionFigures }) {
  const tiles = [
    { id: 'kpi-projects', label: '项目总数', value: count(figures.projects) },
    { id: 'kpi-completed', label: '已完成', value: count(figures.byStatus.completed) },
    { id: 'kpi-in-progress', label: '在建', value: count(figures.byStatus.in_progress) },
    { id: 'kpi-overdue', label: '逾期项目', value: count(figures.overdueProjects), warn: true },
    { id: 'kpi-completion-rate', label: '项目完成率', value: percent(figures.completionRate) },
  ];
  return (
    <KpiTiles label="主要指标" tiles={tiles} />
  );
}

/** 节点完成率 against 序时进度, the way leadership reads it. */
function ScheduleLine({ figures }: { figures: CompletionFigures }) {
  const points = figures.aheadOfSchedulePoints;
  const verdict = points >= 0 ? `快于序时进度 ${points.toFixed(1)} 个百分点` : `慢于序时进度 ${Math.abs(points).toFixed(1)} 个百分点`;
  return (
    <p className={`schedule-line ${points < 0 ? 'behind' : 'ahead'}`}>
      节点完成率 <strong>{percent(figures.milestoneCompletionRate)}</strong>（{count(figures.milestonesDone)} / {count(figures.milestones)}），序时进度{' '}
      <strong>{percent(figures.scheduleRate)}</strong>，{verdict}；逾期节点 {count(figures.overdueMilestones)} 个。
    </p>
  );
}

function exportLinks(withAsOf: string | null) {
  return (
    <div className="exports">
      <a className="button-secondary" href={`/api/exports/counties${query({ format: 'xlsx', asOf: withAsOf })}`} download>
        导出 Excel
      </a>
      <a className="button-secondary" href={`/api/exports/counties${query({ format: 'csv', asOf: withAsOf })}`} download>
        导出 CSV
      </a>
    </div>
  );
}

function useCountyNavigation() {
  const navigate = useNavigate();
  const withAsOf = useWithAsOf();
  return (counties: CountyFigures[], name: string) => {
    const county = counties.find((c) => c.name === name);
    if (county) void navigate(withAsOf(`/counties/${county.slug}`));
  };
}

function CountyMap({ counties }: { counties: CountyFigures[] }) {
  const open = useCountyNavigation();
  const { asOf } = useAsOf();
  const option = useMemo<ChartOption>(() => {
    const mapped = counties.filter((c) => MAPPED_COUNTIES.has(c.name));
    const rates = mapped.map((c) => c.completionRate * 100);
    // steps of 5 points around the counties' rates, so that differences between them show
    const low = Math.max(0, Math.floor(Math.min(...rates, 100) / 5) * 5);
    const high = Math.min(100, Math.max(low + 5, Math.ceil(Math.max(...rates, 0) / 5) * 5));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const { name, data } = p as { name: string; data?: { value: number; overdue: number; projects: number } };
          return data ? `${name}\n完成率 ${data.value.toFixed(1)}%\n项目 ${count(data.projects)} 个，逾期 ${count(data.overdue)} 个` : name;
        },
      },
      visualMap: {
        type: 'continuous',
        min: low,
        max: high,
        left: 8,
        bottom: 8,
        text: [`${high}%`, `${low}% 完成率`],
        calculable: false,
        inRange: { color: ['#e3eefa', '#5b9bd5', '#0d47a1'] },
        textStyle: { color: '#222' },
      },
      series: [
        {
          type: 'map',
          map: CHUZHOU_MAP,
          roam: false,
          selectedMode: false,
          aspectScale: 0.85,
          left: 70,
          right: 4,
          top: 4,
          bottom: 4,
          label: {
            show: true,
            color: '#111',
            fontSize: 12,
            textBorderColor: '#fff',
            textBorderWidth: 3,
            formatter: (p: unknown) => {
              const { name, data } = p as { name: string; data?: { overdue: number } };
              return data ? `${name}\n逾期 ${count(data.overdue)}` : name;
            },
          },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffb74d' } },
          data: mapped.map((c) => ({ name: c.name, value: Math.round(c.completionRate * 1000) / 10, overdue: c.overdueProjects, projects: c.projects })),
        },
      ],
    };
  }, [counties]);
  return (
    <ChartFigure title="各县区完成率地图" actions={exportLinks(asOf)}>
      <Chart option={option} label="滁州市各县区完成率地图" height={420} onItemClick={(p) => open(counties, p.name)} />
      <p className="hint">颜色越深完成率越高，标签为逾期项目数；点击县区查看详情。市直单位没有行政区划边界，见“各县区一览”表。</p>
    </ChartFigure>
  );
}

function CountyTable({ counties }: { counties: CountyFigures[] }) {
  return (
    <section className="card" aria-labelledby="county-table-title">
      <div className="card-head">
        <h2 id="county-table-title">各县区一览</h2>
      </div>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">各县区项目数、完成率、序时进度与逾期项目</caption>
          <thead>
            <tr>
              <th scope="col">县区</th>
              <th scope="col">项目数</th>
              <th scope="col">完成率</th>
              <th scope="col">节点完成率</th>
              <th scope="col">序时进度</th>
              <th scope="col">逾期项目</th>
            </tr>
          </thead>
          <tbody>
            {counties.map((c) => (
              <tr key={c.slug}>
                <th scope="row">
                  <AppLink to={`/counties/${c.slug}`}>{c.name}</AppLink>
                  {!MAPPED_COUNTIES.has(c.name) && <span className="hint-inline">（不在地图上）</span>}
                </th>
                <td className="num">{count(c.projects)}</td>
                <td className="num">{percent(c.completionRate)}</td>
                <td className="num">{percent(c.milestoneCompletionRate)}</td>
                <td className={`num ${c.aheadOfSchedulePoints < 0 ? 'late' : ''}`}>
                  {percent(c.scheduleRate)}
                  <span className="hint-inline">
                    （{c.aheadOfSchedulePoints >= 0 ? '快' : '慢'} {Math.abs(c.aheadOfSchedulePoints).toFixed(1)} 点）
                  </span>
                </td>
                <td className={`num ${c.overdueProjects > 0 ? 'late' : ''}`}>{count(c.overdueProjects)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CountyBars({ counties }: { counties: CountyFigures[] }) {
  const open = useCountyNavigation();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%` },
      legend: { top: 0, textStyle: { color: '#222' } },
      grid: { left: 48, right: 16, top: 40, bottom: 56 },
      xAxis: { type: 'category', data: counties.map((c) => c.name), axisLabel: { interval: 0, rotate: counties.length > 6 ? 30 : 0, color: '#222' } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%', color: '#222' } },
      series: [
        { name: '项目完成率', type: 'bar', data: counties.map((c) => round1(c.completionRate * 100)), itemStyle: { color: '#1565c0' }, cursor: 'pointer' },
        { name: '节点完成率', type: 'bar', data: counties.map((c) => round1(c.milestoneCompletionRate * 100)), itemStyle: { color: '#64b5f6' }, cursor: 'pointer' },
        { name: '序时进度', type: 'line', data: counties.map((c) => round1(c.scheduleRate * 100)), itemStyle: { color: '#e65100' }, lineStyle: { type: 'dashed' }, symbolSize: 8 },
      ],
    }),
    [counties],
  );
  return (
    <ChartFigure
      title="各县区完成率与序时进度"
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">县区</th>
              <th scope="col">项目完成率</th>
              <th scope="col">节点完成率</th>
              <th scope="col">序时进度</th>
            </tr>
          </thead>
          <tbody>
            {counties.map((c) => (
              <tr key={c.slug}>
                <th scope="row">{c.name}</th>
                <td className="num">{percent(c.completionRate)}</td>
                <td className="num">{percent(c.milestoneCompletionRate)}</td>
                <td className="num">{percent(c.scheduleRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <Chart option={option} label="各县区项目完成率、节点完成率与序时进度柱状图" onItemClick={(p) => open(counties, p.name)} />
    </ChartFigure>
  );
}

const STATUS_ORDER: ProjectStatus[] = ['completed', 'in_progress', 'not_started', 'suspended', 'cancelled'];
const STATUS_COLORS: Record<ProjectStatus, string> = {
  completed: '#2e7d32',
  in_progress: '#1565c0',
  not_started: '#9e9e9e',
  suspended: '#ef6c00',
  cancelled: '#6d4c41',
};

function CategoryBars({ categories }: { categories: PortfolioOverview['byCategory'] }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: { color: '#222' } },
      grid: { left: 72, right: 16, top: 56, bottom: 24 },
      xAxis: { type: 'value', axisLabel: { color: '#222' } },
      yAxis: { type: 'category', inverse: true, data: categories.map((c) => categoryLabel(c.category)), axisLabel: { color: '#222' } },
      series: STATUS_ORDER.map((status) => ({
        name: STATUS_LABELS[status],
        type: 'bar',
        stack: 'projects',
        data: categories.map((c) => c.byStatus[status]),
        itemStyle: { color: STATUS_COLORS[status] },
      })),
    }),
    [categories],
  );
  return (
    <ChartFigure
      title="分类别项目情况"
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">类别</th>
              <th scope="col">项目数</th>
              {STATUS_ORDER.map((s) => (
                <th scope="col" key={s}>
                  {STATUS_LABELS[s]}
                </th>
              ))}
              <th scope="col">完成率</th>
              <th scope="col">逾期项目</th>
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr key={c.category}>
                <th scope="row">{categoryLabel(c.category)}</th>
                <td className="num">{count(c.projects)}</td>
                {STATUS_ORDER.map((s) => (
                  <td className="num" key={s}>
                    {count(c.byStatus[s])}
                  </td>
                ))}
                <td className="num">{percent(c.completionRate)}</td>
                <td className="num">{count(c.overdueProjects)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <Chart option={option} label="分类别项目状态堆叠条形图" height={340} />
    </ChartFigure>
  );
}

const RAGS: Rag[] = ['red', 'amber', 'green'];

function RagPie({ rag }: { rag: PortfolioOverview['rag'] }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}：{c} 个（{d}%）' },
      legend: { bottom: 0, textStyle: { color: '#222' } },
      series: [
        {
          type: 'pie',
          stillShowZeroSum: false,
          radius: ['40%', '68%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}\n{c}', color: '#222' },
          data: RAGS.map((light) => ({ name: RAG_LABELS[light], value: rag?.[light] ?? 0, itemStyle: { color: RAG_COLORS[light] } })),
        },
      ],
    }),
    [rag],
  );
  if (!rag) return null;
  const total = RAGS.reduce((n, light) => n + rag[light], 0);
  return (
    <ChartFigure
      title="红黄绿灯分布"
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">灯色</th>
              <th scope="col">项目数</th>
              <th scope="col">占比</th>
            </tr>
          </thead>
          <tbody>
            {RAGS.map((light) => (
              <tr key={light}>
                <th scope="row">{RAG_LABELS[light]}</th>
                <td className="num">{count(rag[light])}</td>
                <td className="num">{percent(total ? rag[light] / total : 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <Chart option={option} label={`红黄绿灯分布：${RAGS.map((l) => `${RAG_LABELS[l]} ${rag[l]} 个`).join('，')}`} height={340} />
    </ChartFigure>
  );
}

function TrendChart({ asOf }: { asOf: string | null }) {
  const [interval, setStep] = useState<'month' | 'week'>('month');
  const id = useId();
  const trend = useApi<Trend>(`/api/portfolio/trend${query({ interval, to: asOf })}`);
  const points = trend.data?.points;
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#222' } },
      grid: { left: 52, right: 60, top: 48, bottom: 40 },
      xAxis: { type: 'category', data: (points ?? []).map((p) => p.date), axisLabel: { color: '#222' } },
      yAxis: [
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%', color: '#222' } },
        { type: 'value', name: '逾期项目', axisLabel: { color: '#222' }, splitLine: { show: false } },
      ],
      series: [
        { name: '项目完成率', type: 'line', showSymbol: false, data: (points ?? []).map((p) => round1(p.completionRate * 100)), itemStyle: { color: '#1565c0' } },
        { name: '节点完成率', type: 'line', showSymbol: false, data: (points ?? []).map((p) => round1(p.milestoneCompletionRate * 100)), itemStyle: { color: '#2e7d32' } },
        { name: '序时进度', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: (points ?? []).map((p) => round1(p.scheduleRate * 100)), itemStyle: { color: '#e65100' } },
        { name: '逾期项目', type: 'bar', yAxisIndex: 1, data: (points ?? []).map((p) => p.overdueProjects), itemStyle: { color: 'rgba(198,40,40,0.45)' } },
      ],
    }),
    [points],
  );
  return (
    <ChartFigure
      title="完成情况趋势"
      actions={
        <div className="inline-field">
          <label htmlFor={`${id}-interval`}>统计间隔</label>
          <select id={`${id}-interval`} value={interval} onChange={(e) => setStep(e.target.value === 'week' ? 'week' : 'month')}>
            <option value="month">按月</option>
            <option value="week">按周</option>
          </select>
        </div>
      }
      table={
        points && (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">项目完成率</th>
                <th scope="col">节点完成率</th>
                <th scope="col">序时进度</th>
                <th scope="col">逾期项目</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.date}>
                  <th scope="row">{p.date}</th>
                  <td className="num">{percent(p.completionRate)}</td>
                  <td className="num">{percent(p.milestoneCompletionRate)}</td>
                  <td className="num">{percent(p.scheduleRate)}</td>
                  <td className="num">{count(p.overdueProjects)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    >
      {trend.error && <ErrorBox error={trend.error} onRetry={trend.reload} />}
      <Chart option={option} label="全市项目完成率、节点完成率、序时进度与逾期项目数随时间变化" />
      <p className="hint">按业务日期统计（迟报的完成记在其发生的期间）。</p>
    </ChartFigure>
  );
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
