import { useMemo } from 'react';
import { useParams } from 'react-router-dom';
import { query, useApi } from '../api';
import { AppLink, useAsOf } from '../as-of';
import { ErrorBox, Loading } from '../components/Bits';
import { Chart, ChartFigure, type ChartOption } from '../components/Chart';
import { ProjectList } from '../components/ProjectList';
import { formatTime } from '../dates';
import { categoryLabel, count, COUNTIES, percent } from '../labels';
import type { CountyView } from '../types';
import { KpiTiles } from '../components/KpiTiles';

export function CountyPage() {
  const { slug = '' } = useParams();
  const { asOf } = useAsOf();
  const known = COUNTIES.some((c) => c.slug === slug);
  const county = useApi<CountyView>(known ? `/api/counties/${slug}${query({ asOf, limit: 1 })}` : null);
  const data = county.data;

  if (!known) {
    return (
      <div className="page">
        <h1>未找到该县区</h1>
        <p>
          没有代号为 “{slug}” 的县区。<AppLink to="/">返回总览</AppLink>
        </p>
      </div>
    );
  }

  return (
    <div className="page">
      <nav className="breadcrumb" aria-label="位置">
        <AppLink to="/">总览</AppLink> › <span aria-current="page">{data?.name ?? COUNTIES.find((c) => c.slug === slug)?.name}</span>
      </nav>
      <div className="page-head">
        <h1>{data?.name ?? COUNTIES.find((c) => c.slug === slug)?.name}</h1>
        {data && (
          <p className="page-sub">
            行政区划代码 {data.code}
            {data.lastActivityAt && `，最近一次记录 ${formatTime(data.lastActivityAt)}`}
          </p>
        )}
      </div>
      {county.error && <ErrorBox error={county.error} onRetry={county.reload} />}
      {!data && county.loading && <Loading what="县区数据" />}
      {data && <CountyFigures county={data} />}
      <ProjectList county={slug} title={`${data?.name ?? ''}项目列表`} />
    </div>
  );
}

function CountyFigures({ county }: { county: CountyView }) {
  const points = county.aheadOfSchedulePoints;
  const tiles = [
    { id: 'county-projects', label: '项目总数', value: count(county.projects) },
    { id: 'county-completed', label: '已完成', value: count(county.byStatus.completed) },
    { id: 'county-in-progress', label: '在建', value: count(county.byStatus.in_progress) },
    { id: 'county-overdue', label: '逾期项目', value: count(county.overdueProjects), warn: true },
    { id: 'county-completion-rate', label: '项目完成率', value: percent(county.completionRate) },
  ];
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%` },
      legend: { top: 0, textStyle: { color: '#222' } },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: county.byCategory.map((c) => categoryLabel(c.category)), axisLabel: { interval: 0, color: '#222' } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%', color: '#222' } },
      series: [
        { name: '项目完成率', type: 'bar', data: county.byCategory.map((c) => Math.round(c.completionRate * 1000) / 10), itemStyle: { color: '#1565c0' } },
        { name: '序时进度', type: 'line', data: county.byCategory.map((c) => Math.round(c.scheduleRate * 1000) / 10), itemStyle: { color: '#e65100' }, lineStyle: { type: 'dashed' } },
      ],
    }),
    [county],
  );
  return (
    <>
      <KpiTiles label="县区主要指标" tiles={tiles} />
      <p className={`schedule-line ${points < 0 ? 'behind' : 'ahead'}`}>
        节点完成率 <strong>{percent(county.milestoneCompletionRate)}</strong>，序时进度 <strong>{percent(county.scheduleRate)}</strong>，
        {points >= 0 ? `快于序时进度 ${points.toFixed(1)} 个百分点` : `慢于序时进度 ${Math.abs(points).toFixed(1)} 个百分点`}；逾期节点 {count(county.overdueMilestones)} 个。
      </p>
      {county.byCategory.length > 0 && (
        <ChartFigure
          title="分类别完成率"
          table={
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">类别</th>
                  <th scope="col">项目数</th>
                  <th scope="col">已完成</th>
                  <th scope="col">完成率</th>
                  <th scope="col">序时进度</th>
                  <th scope="col">逾期项目</th>
                </tr>
              </thead>
              <tbody>
                {county.byCategory.map((c) => (
                  <tr key={c.category}>
                    <th scope="row">{categoryLabel(c.category)}</th>
                    <td className="num">{count(c.projects)}</td>
                    <td className="num">{count(c.byStatus.completed)}</td>
                    <td className="num">{percent(c.completionRate)}</td>
                    <td className="num">{percent(c.scheduleRate)}</td>
                    <td className="num">{count(c.overdueProjects)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        >
          <Chart option={option} label={`${county.name}分类别项目完成率与序时进度`} height={280} />
        </ChartFigure>
      )}
    </>
  );
}
