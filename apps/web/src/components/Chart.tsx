import { useEffect, useRef, type ReactNode } from 'react';
import { echarts } from '../echarts';

export type ChartOption = Parameters<echarts.ECharts['setOption']>[0];

interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers (the figure's table says it in full). */
  label: string;
  height?: number;
  onItemClick?: (params: { name: string; data: unknown; seriesType?: string }) => void;
}

/** One ECharts instance in a div that follows its size. */
export function Chart({ option, label, height = 320, onItemClick }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    const dom = element.current;
    if (!dom) return;
    const instance = echarts.init(dom, null, { renderer: 'svg', locale: 'ZH' });
    chart.current = instance;
    instance.on('click', (params) => click.current?.(params as { name: string; data: unknown; seriesType?: string }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(dom);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} className="chart" role="img" aria-label={label} style={{ height }} />;
}

interface FigureProps {
  title: string;
  children: ReactNode;
  /** The same data as a table, for those who cannot see the chart. */
  table?: ReactNode;
  tableSummary?: string;
  actions?: ReactNode;
}

export function ChartFigure({ title, children, table, tableSummary = '以表格查看数据', actions }: FigureProps) {
  return (
    <section className="card">
      <div className="card-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {children}
      {table && (
        <details className="chart-table">
          <summary>{tableSummary}</summary>
          <div className="table-scroll">{table}</div>
        </details>
      )}
    </section>
  );
}
