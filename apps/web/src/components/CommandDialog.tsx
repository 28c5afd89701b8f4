import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, request } from '../api';
import { todayInShanghai } from '../dates';
import type { CommandResult, Milestone, Project } from '../types';

export type CommandKind = 'start' | 'complete' | 'reschedule' | 'suspend' | 'resume';

export interface CommandTarget {
  kind: CommandKind;
  milestone?: Milestone;
}

interface FieldSpec {
  name: string;
  label: string;
  type: 'date' | 'text' | 'textarea';
  required: boolean;
  initial: (target: CommandTarget) => string;
}

const FIELDS: Record<CommandKind, FieldSpec[]> = {
  start: [{ name: 'startedOn', label: '开始日期', type: 'date', required: true, initial: () => todayInShanghai() }],
  complete: [
    { name: 'completedOn', label: '完成日期', type: 'date', required: true, initial: () => todayInShanghai() },
    { name: 'note', label: '备注', type: 'textarea', required: false, initial: () => '' },
  ],
  reschedule: [
    { name: 'dueDate', label: '新的计划日期', type: 'date', required: true, initial: (t) => t.milestone?.dueDate ?? '' },
    { name: 'reason', label: '原因', type: 'textarea', required: true, initial: () => '' },
  ],
  suspend: [{ name: 'reason', label: '原因', type: 'textarea', required: true, initial: () => '' }],
  resume: [{ name: 'reason', label: '原因', type: 'textarea', required: false, initial: () => '' }],
};

export const COMMAND_TITLES: Record<CommandKind, string> = {
  start: '开始',
  complete: '完成',
  reschedule: '调整计划',
  suspend: '暂停',
  resume: '恢复',
};

function path(projectId: string, target: CommandTarget): string {
  const id = encodeURIComponent(projectId);
  if (target.kind === 'suspend' || target.kind === 'resume') return `/api/projects/${id}/${target.kind}`;
  return `/api/projects/${id}/milestones/${encodeURIComponent(target.milestone?.key ?? '')}/${target.kind}`;
}

/** A command id for Idempotency-Key (crypto.randomUUID needs a secure context; plain http on a LAN address is not one). */
function commandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Chinese for the API's refusals a user can cause from these forms (the API's own message follows in brackets). */
const REFUSALS: Record<string, string> = {
  REASON_REQUIRED: '请填写原因',
  REASON_TOO_LONG: '原因不能超过 500 字',
  NOTE_TOO_LONG: '备注不能超过 500 字',
  INVALID_DATE: '请填写有效日期',
  INVALID_INPUT: '输入有误',
  DATE_IN_FUTURE: '日期不能晚于今天',
  COMPLETED_BEFORE_STARTED: '完成日期不能早于开始日期',
  RESCHEDULE_SAME_DATE: '新的计划日期与现有计划相同',
  MILESTONE_ALREADY_STARTED: '该节点已开始',
  MILESTONE_ALREADY_COMPLETED: '该节点已完成',
  PROJECT_SUSPENDED: '项目已暂停，请先恢复',
  PROJECT_NOT_SUSPENDED: '项目未暂停',
  PROJECT_CANCELLED: '项目已取消',
  PROJECT_COMPLETED: '项目已完成',
  MILESTONE_NOT_FOUND: '没有这个节点',
};

function explain(code: string, message: string): string {
  const hint = REFUSALS[code];
  return hint ? `${hint}（${message}）` : message;
}

export const CONFLICT_MESSAGE = '该项目已被他人修改，您看到的不是最新版本。';

interface Props {
  project: Project;
  target: CommandTarget;
  onClose: () => void;
  onDone: (result: CommandResult) => void;
  /** Loads the project again (after a 409) without closing the form. */
  onReload: () => Promise<void>;
}

/** The form of one command, in a modal dialog: sends If-Match with the version shown, and shows each refusal beside its field. */
export function CommandDialog({ project, target, onClose, onDone, onReload }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const fields = FIELDS[target.kind];
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, f.initial(target)])));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const title = `${COMMAND_TITLES[target.kind]}${target.milestone ? `：${target.milestone.title}` : `：${project.name}`}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    setConflict(false);
    setInfo(null);
    // required fields are checked by the API, whose message then shows beside the field
    const body: Record<string, string> = {};
    for (const f of fields) {
      const value = values[f.name].trim();
      if (value) body[f.name] = value;
    }
    setBusy(true);
    try {
      const { data } = await request<CommandResult>(path(project.id, target), {
        method: 'POST',
        body,
        headers: { 'If-Match': `"${project.version}"`, 'Idempotency-Key': commandId() },
      });
      onDone(data);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const showError = (error: unknown) => {
    if (!(error instanceof ApiError)) {
      setFormError('无法连接服务器，请稍后重试。');
      return;
    }
    if (error.status === 409) {
      setConflict(true);
      return;
    }
    if (error.status === 403) {
      setFormError('您没有权限修改此项目。');
      return;
    }
    const names = new Set(fields.map((f) => f.name));
    const byField: Record<string, string> = {};
    for (const problem of error.errors) if (names.has(problem.field)) byField[problem.field] = explain(error.code, problem.problems.join('；'));
    if (Object.keys(byField).length === 0 && error.field && names.has(error.field)) byField[error.field] = explain(error.code, error.message);
    setFieldErrors(byField);
    const placed = Object.keys(byField).length > 0;
    if (!placed) setFormError(error.status === 422 ? `不符合业务规则：${explain(error.code, error.message)}` : `保存失败（${error.status}）：${explain(error.code, error.message)}`);
  };

  const reload = async () => {
    await onReload();
    setConflict(false);
    setInfo('已加载最新版本，请核对后再保存。');
  };

  return (
    <dialog ref={dialog} className="command-dialog" aria-labelledby={`${id}-title`} onCancel={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={`${id}-title`}>{title}</h2>
        {fields.map((f) => {
          const inputId = `${id}-${f.name}`;
          const errorId = `${inputId}-error`;
          const error = fieldErrors[f.name];
          const common = {
            id: inputId,
            name: f.name,
            value: values[f.name],
            required: f.required,
            'aria-invalid': error ? true : undefined,
            'aria-describedby': error ? errorId : undefined,
          };
          return (
            <div className="field" key={f.name}>
              <label htmlFor={inputId}>
                {f.label}
                {!f.required && <span className="optional">（选填）</span>}
              </label>
              {f.type === 'textarea' ? (
                <textarea {...common} rows={3} maxLength={500} onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))} />
              ) : (
                <input {...common} type="date" onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))} />
              )}
              {error && (
                <p id={errorId} className="field-error">
                  {error}
                </p>
              )}
            </div>
          );
        })}
        {conflict && (
          <div className="alert alert-error alert-row" role="alert">
            <span>{CONFLICT_MESSAGE}</span>
            <button type="button" className="button-secondary" onClick={() => void reload()}>
              重新加载
            </button>
          </div>
        )}
        {formError && (
          <p className="alert alert-error" role="alert">
            {formError}
          </p>
        )}
        {info && (
          <p className="alert alert-info" role="status">
            {info}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
            保存
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            取消
          </button>
        </div>
      </form>
    </dialog>
  );
}
