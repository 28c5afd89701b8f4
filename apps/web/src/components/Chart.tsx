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

/**
 * Tooltips drawn by ECharts itself, inside the chart's SVG ('richText'), rather than as HTML: its HTML
 * tooltips are strings with style="…" attributes put into the page by innerHTML, which the API's
 * Content-Security-Policy (style-src 'self', no 'unsafe-inline') refuses. Formatters return plain
 * text with \n for new lines.
 */
function underStrictCsp(option: ChartOption): ChartOption {
  const tooltip = (option as { tooltip?: unknown }).tooltip;
  if (!tooltip || typeof tooltip !== 'object' || Array.isArray(tooltip)) return option;
  return {
    ...option,
    tooltip: { ...TOOLTIP_STYLE, ...tooltip, renderMode: 'richText', textStyle: { ...TOOLTIP_STYLE.textStyle, ...(tooltip as { textStyle?: object }).textStyle } },
  };
}

const TOOLTIP_STYLE = { backgroundColor: '#fff', borderColor: '#8a96a3', borderWidth: 1, padding: [8, 10], textStyle: { color: '#1b1f24', fontSize: 14 } };

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
    chart.current?.setOption(underStrictCsp(option), { notMerge: true });
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
