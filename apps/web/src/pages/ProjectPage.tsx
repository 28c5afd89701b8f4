import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, query, request, useApi } from '../api';
import { AppLink, useAsOf } from '../as-of';
import { canWrite, useAuth } from '../auth';
import { ErrorBox, Loading, RagBadge, StatusBadge, SyntheticBadge } from '../components/Bits';
import { CommandDialog, COMMAND_TITLES, type CommandTarget } from '../components/CommandDialog';
import { Timeline } from '../components/Timeline';
import { endOfShanghaiDay, formatTime, todayInShanghai } from '../dates';
import { categoryLabel, eventLabel } from '../labels';
import type { CommandResult, Project, ProjectEvent, ProjectEvents } from '../types';

interface Loaded {
  project: Project | null;
  error: Error | null;
  loading: boolean;
}

/** GET the project; after a command with minPosition, so that its RAG light has caught up with the change. */
async function fetchProject(id: string, asOf: string | null, minPosition?: number): Promise<Project> {
  return (await request<Project>(`/api/projects/${encodeURIComponent(id)}${query({ asOf, minPosition })}`)).data;
}

export function ProjectPage() {
  const { id = '' } = useParams();
  const { asOf } = useAsOf();
  const { auth } = useAuth();
  const [state, setState] = useState<Loaded>({ project: null, error: null, loading: true });
  const [target, setTarget] = useState<CommandTarget | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const live = useRef(0);

  const load = useCallback(
    async (minPosition?: number) => {
      const call = ++live.current;
      setState((s) => ({ ...s, loading: true }));
      try {
        const project = await fetchProject(id, asOf, minPosition);
        if (call === live.current) setState({ project, error: null, loading: false });
      } catch (error) {
        if (call === live.current) setState((s) => ({ project: s.project, error: error instanceof Error ? error : new Error(String(error)), loading: false }));
      }
    },
    [id, asOf],
  );

  useEffect(() => {
    setState({ project: null, error: null, loading: true });
    void load();
  }, [load]);

  const events = useApi<ProjectEvents>(`/api/projects/${encodeURIComponent(id)}/events`);

  const project = state.project;
  const day = asOf ?? todayInShanghai();

  const done = async (result: CommandResult) => {
    const what = target ? COMMAND_TITLES[target.kind] : '';
    setTarget(null);
    await load(result.position);
    events.reload();
    setSaved(`已保存（${what}），项目版本 ${result.version}。`);
  };

  if (!project) {
    return (
      <div className="page">
        {state.loading && <Loading what="项目" />}
        {state.error && (
          <>
            <h1>项目</h1>
            {state.error instanceof ApiError && state.error.status === 404 && asOf ? (
              <p className="alert alert-info">截至 {asOf}，台账中还没有这个项目的记录。</p>
            ) : (
              <ErrorBox error={state.error} onRetry={() => void load()} />
            )}
          </>
        )}
      </div>
    );
  }

  const writable = canWrite(auth.user, project.county.slug) && !asOf;
  const closed = project.status === 'cancelled' || project.status === 'completed';
  const suspended = project.status === 'suspended';

  return (
    <div className="page">
      <nav className="breadcrumb" aria-label="位置">
        <AppLink to="/">总览</AppLink> › <AppLink to={`/counties/${project.county.slug}`}>{project.county.name}</AppLink> ›{' '}
        <span aria-current="page">{project.name}</span>
      </nav>
      <div className="page-head project-head">
        <h1>
          {project.name} {project.synthetic && <SyntheticBadge />}
        </h1>
        <dl className="facts">
          <div>
            <dt>县区</dt>
            <dd>
              <AppLink to={`/counties/${project.county.slug}`}>{project.county.name}</AppLink>
            </dd>
          </div>
          <div>
            <dt>类别</dt>
            <dd>
              {categoryLabel(project.category)} · {project.subType} · {project.action}
            </dd>
          </div>
          <div>
            <dt>状态</dt>
            <dd>
              <StatusBadge status={project.status} />
            </dd>
          </div>
          <div>
            <dt>红黄绿灯</dt>
            <dd>{project.rag ? <RagBadge rag={project.rag} /> : '—'}</dd>
          </div>
          <div>
            <dt>负责人</dt>
            <dd>{project.managerEmail}</dd>
          </div>
          <div>
            <dt>计划工期</dt>
            <dd>
              {project.plannedStart ?? '—'} 至 {project.plannedCompletion ?? '—'}
            </dd>
          </div>
          {project.sourceRef && (
            <div className="fact-wide">
              <dt>规划出处</dt>
              <dd>{project.sourceRef}</dd>
            </div>
          )}
          {project.suspensionReason && (
            <div className="fact-wide">
              <dt>暂停原因</dt>
              <dd>{project.suspensionReason}</dd>
            </div>
          )}
          {project.cancellationReason && (
            <div className="fact-wide">
              <dt>取消原因</dt>
              <dd>{project.cancellationReason}</dd>
            </div>
          )}
        </dl>
        {writable && !closed && (
          <div className="project-actions">
            {suspended ? (
              <button type="button" className="button-secondary" onClick={() => setTarget({ kind: 'resume' })}>
                恢复
              </button>
            ) : (
              <button type="button" className="button-secondary" onClick={() => setTarget({ kind: 'suspend' })}>
                暂停
              </button>
            )}
          </div>
        )}
      </div>
      {saved && (
        <p className="alert alert-success" role="status">
          {saved}
        </p>
      )}
      {state.error && <ErrorBox error={state.error} onRetry={() => void load()} />}

      <section className="card" aria-labelledby="timeline-title">
        <div className="card-head">
          <h2 id="timeline-title">节点计划与实际</h2>
        </div>
        <Timeline project={project} day={day} />
        <div className="table-scroll">
          <table className="data-table milestones">
            <caption className="visually-hidden">项目节点</caption>
            <thead>
              <tr>
                <th scope="col">节点</th>
                <th scope="col">计划日期</th>
                <th scope="col">开始日期</th>
                <th scope="col">完成日期</th>
                <th scope="col">逾期天数</th>
                <th scope="col">备注</th>
                {writable && <th scope="col">操作</th>}
              </tr>
            </thead>
            <tbody>
              {project.milestones.map((m) => (
                <tr key={m.key} className={m.overdue ? 'row-late' : ''}>
                  <th scope="row">{m.title}</th>
                  <td className="nowrap">
                    {m.dueDate}
                    {m.originalDueDate !== m.dueDate && <span className="hint-inline">（原 {m.originalDueDate}，调整 {m.rescheduleCount} 次）</span>}
                  </td>
                  <td className="nowrap">{m.startedOn ?? '—'}</td>
                  <td className="nowrap">{m.completedOn ?? '—'}</td>
                  <td className={`num ${m.overdue ? 'late' : ''}`}>{m.overdue ? m.daysLate : '—'}</td>
                  <td>{m.note ?? ''}</td>
                  {writable && (
                    <td className="actions-cell">
                      {!m.completedOn && !closed && !suspended && (
                        <div className="row-actions" role="group" aria-label={`${m.title}的操作`}>
                          {!m.startedOn && (
                            <button type="button" className="button-small" onClick={() => setTarget({ kind: 'start', milestone: m })}>
                              开始
                            </button>
                          )}
                          <button type="button" className="button-small" onClick={() => setTarget({ kind: 'complete', milestone: m })}>
                            完成
                          </button>
                          <button type="button" className="button-small" onClick={() => setTarget({ kind: 'reschedule', milestone: m })}>
                            调整计划
                          </button>
                        </div>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {canWrite(auth.user, project.county.slug) && asOf && <p className="hint">历史视图中不能录入进度；点“回到今天”后再录入。</p>}
      </section>

      <EventHistory events={events.data?.events ?? null} error={events.error} asOf={asOf} project={project} />

      {target && <CommandDialog project={project} target={target} onClose={() => setTarget(null)} onDone={(r) => void done(r)} onReload={() => load()} />}
    </div>
  );
}

function EventHistory({ events, error, asOf, project }: { events: ProjectEvent[] | null; error: Error | null; asOf: string | null; project: Project }) {
  const until = asOf ? endOfShanghaiDay(asOf) : Infinity;
  const shown = events?.filter((e) => new Date(e.recordedAt).getTime() <= until) ?? [];
  const later = (events?.length ?? 0) - shown.length;
  const title = (key: unknown) => project.milestones.find((m) => m.key === key)?.title ?? String(key);
  return (
    <section className="card" aria-labelledby="events-title">
      <div className="card-head">
        <h2 id="events-title">事件记录</h2>
      </div>
      {error && <ErrorBox error={error} />}
      {!events && !error && <Loading what="事件记录" />}
      {events && (
        <div className="table-scroll">
          <table className="data-table events">
            <caption className="visually-hidden">项目的全部事件记录（审计轨迹）</caption>
            <thead>
              <tr>
                <th scope="col">记录时间</th>
                <th scope="col">事件</th>
                <th scope="col">详情</th>
                <th scope="col">记录人</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.position}>
                  <td className="nowrap">{formatTime(e.recordedAt)}</td>
                  <td className="nowrap">{eventLabel(e.type)}</td>
                  <td>{eventDetails(e, title)}</td>
                  <td>{typeof e.metadata.actor === 'string' && e.metadata.actor ? e.metadata.actor : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {later > 0 && <p className="hint">另有 {later} 条在 {asOf} 之后记录的事件未显示。</p>}
    </section>
  );
}

function eventDetails(event: ProjectEvent, title: (key: unknown) => string): string {
  const d = event.data as Record<string, string | null | undefined>;
  const reason = d.reason ? `原因：${d.reason}` : '';
  switch (event.type) {
    case 'project.registered':
      return `${d.name ?? ''}；计划 ${d.plannedStart ?? '—'} 至 ${d.plannedCompletion ?? '—'}；负责人 ${d.managerEmail ?? '—'}`;
    case 'milestone.planned':
      return `${d.title ?? title(d.key)}，计划日期 ${d.dueDate ?? ''}`;
    case 'milestone.started':
      return `${title(d.key)}，开始日期 ${d.startedOn ?? ''}`;
    case 'milestone.completed':
      return `${title(d.key)}，完成日期 ${d.completedOn ?? ''}${d.note ? `；备注：${d.note}` : ''}`;
    case 'milestone.rescheduled':
      return `${title(d.key)}，计划日期 ${d.previousDueDate ?? ''} → ${d.dueDate ?? ''}；${reason}`;
    case 'milestone.date_corrected':
      return `${title(d.key)}，${d.field === 'startedOn' ? '开始日期' : '完成日期'} ${d.previousDate ?? ''} → ${d.date ?? ''}；${reason}`;
    case 'project.suspended':
    case 'project.cancelled':
    case 'project.resumed':
      return reason;
    default:
      return JSON.stringify(event.data);
  }
}
