import { dayNumber } from '../dates';
import type { Milestone, Project } from '../types';

interface Props {
  project: Project;
  /** The day the project is judged on (asOf or today). */
  day: string;
}

/** Planned against actual, one row per milestone: the planned window, what was done, and what is late. */
export function Timeline({ project, day }: Props) {
  const milestones = project.milestones;
  if (milestones.length === 0) return <p className="hint">该项目尚未计划节点。</p>;
  const dates = [
    project.plannedStart,
    project.plannedCompletion,
    day,
    ...milestones.flatMap((m) => [m.dueDate, m.originalDueDate, m.startedOn, m.completedOn]),
  ].filter((d): d is string => !!d);
  const first = Math.min(...dates.map(dayNumber));
  const last = Math.max(...dates.map(dayNumber));
  const span = Math.max(1, last - first);
  const start = first - span * 0.02;
  const width = span * 1.04;
  const at = (date: string) => ((dayNumber(date) - start) / width) * 100;
  const years = yearTicks(first, last);
  const today = at(day);

  return (
    <div className="timeline" role="img" aria-label={`${project.name}节点计划与实际进度时间线（详见下方节点表）`}>
      <div className="timeline-row timeline-axis" aria-hidden="true">
        <span className="timeline-label" />
        <div className="timeline-track">
          {years.map((y) => (
            <span key={y} className="timeline-tick" style={{ left: `${at(`${y}-01-01`)}%` }}>
              {y}
            </span>
          ))}
        </div>
      </div>
      {milestones.map((m, index) => {
        const plannedFrom = index === 0 ? (project.plannedStart ?? m.dueDate) : milestones[index - 1].dueDate;
        return (
          <div className="timeline-row" key={m.key} aria-hidden="true">
            <span className="timeline-label">{m.title}</span>
            <div className="timeline-track">
              <span className="timeline-today" style={{ left: `${today}%` }} />
              <Bar className="bar-planned" from={at(plannedFrom < m.dueDate ? plannedFrom : m.dueDate)} to={at(m.dueDate)} title={`计划：${plannedFrom} 至 ${m.dueDate}`} />
              {m.originalDueDate !== m.dueDate && <span className="mark mark-original" style={{ left: `${at(m.originalDueDate)}%` }} title={`原计划日期 ${m.originalDueDate}`} />}
              <Actual milestone={m} day={day} at={at} />
              <span className={`mark mark-due ${m.overdue ? 'mark-late' : ''}`} style={{ left: `${at(m.dueDate)}%` }} title={`计划日期 ${m.dueDate}`} />
            </div>
          </div>
        );
      })}
      <ul className="timeline-legend" aria-hidden="true">
        <li>
          <span className="swatch bar-planned" />
          计划区间
        </li>
        <li>
          <span className="swatch bar-done" />
          实际（按期）
        </li>
        <li>
          <span className="swatch bar-progress" />
          进行中
        </li>
        <li>
          <span className="swatch bar-late" />
          逾期
        </li>
        <li>
          <span className="swatch mark-due legend-mark" />
          计划日期
        </li>
        <li>
          <span className="swatch mark-original legend-mark" />
          原计划日期
        </li>
        <li>
          <span className="swatch today-swatch" />
          判断日 {day}
        </li>
      </ul>
    </div>
  );
}

function Actual({ milestone: m, day, at }: { milestone: Milestone; day: string; at: (date: string) => number }) {
  if (m.completedOn) {
    const late = m.completedOn > m.dueDate;
    const from = m.startedOn && m.startedOn < m.completedOn ? m.startedOn : m.completedOn;
    return (
      <>
        {late && <Bar className="bar-late-span" from={at(m.dueDate)} to={at(m.completedOn)} title={`晚于计划 ${m.completedOn} 完成`} />}
      <Bar
        className={late ? 'bar-late' : 'bar-done'}
        from={at(from)}
        to={at(m.completedOn)}
        title={`实际：${m.startedOn ? `${m.startedOn} 开始，` : ''}${m.completedOn} 完成${late ? '（晚于计划）' : ''}`}
      />
      </>
    );
  }
  return (
    <>
      {m.overdue && <Bar className="bar-late bar-overdue" from={at(m.dueDate)} to={at(day)} title={`逾期 ${m.daysLate} 天`} />}
      {m.startedOn && <Bar className="bar-progress" from={at(m.startedOn)} to={at(day)} title={`实际：${m.startedOn} 开始，尚未完成`} />}
    </>
  );
}

function Bar({ className, from, to, title }: { className: string; from: number; to: number; title: string }) {
  const left = Math.min(from, to);
  const width = Math.max(0.8, Math.abs(to - from));
  return <span className={`bar ${className}`} style={{ left: `${left}%`, width: `${width}%` }} title={title} />;
}

function yearTicks(first: number, last: number): number[] {
  const from = new Date(first * 86_400_000).getUTCFullYear() + 1;
  const to = new Date(last * 86_400_000).getUTCFullYear();
  const years: number[] = [];
  for (let y = from; y <= to; y++) years.push(y);
  return years;
}
