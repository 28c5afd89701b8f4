import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, refusedFields, request, useApi } from '../api';
import { CountyOptions, ErrorBox, Loading } from '../components/Bits';
import { formatTime } from '../dates';

type RecipientRole = 'county_lead' | 'city_leadership';

interface Recipient {
  role: RecipientRole;
  county?: string;
  email: string;
  name?: string;
}

interface RecipientList {
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  recipients: Recipient[];
}

const ROLE_TITLES: Record<RecipientRole, string> = { county_lead: '县区督办（逾期 7 天起）', city_leadership: '市领导（逾期 30 天起）' };

/** The API names a row's field as `recipients.<row>.<field>`. */
function rowErrorsOf(error: ApiError): Record<string, string> {
  return Object.fromEntries(refusedFields(error).map((p) => [p.field, p.message]));
}

/** The administrator's list of who hears of overdue milestones above the project manager, edited and saved as a whole. */
export function RecipientsPage() {
  const id = useId();
  const list = useApi<RecipientList>('/api/recipients');
  const [rows, setRows] = useState<Recipient[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (list.data) setRows(list.data.recipients);
  }, [list.data]);

  const change = (index: number, changes: Partial<Recipient>) => setRows((current) => current && current.map((row, i) => (i === index ? { ...row, ...changes } : row)));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!rows || !list.data) return;
    setErrors({});
    setConflict(false);
    setNotice(null);
    setBusy(true);
    const recipients = rows.map((row) => ({
      role: row.role,
      ...(row.role === 'county_lead' ? { county: row.county ?? '' } : {}),
      email: row.email.trim(),
      ...(row.name?.trim() ? { name: row.name.trim() } : {}),
    }));
    try {
      await request('/api/recipients', { method: 'PUT', body: { recipients }, headers: { 'If-Match': `"${list.data.version}"` } });
      setNotice('已保存预警接收人');
      list.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setConflict(true);
      else if (error instanceof ApiError && error.status === 400) setErrors(rowErrorsOf(error));
      else setErrors({ '': error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>预警接收人</h1>
        <p className="page-sub">逾期第 1 天提醒项目负责人（项目登记的邮箱）；7 天起同时发给所在县区的督办，30 天起发给市领导。</p>
      </div>
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!rows && list.loading && <Loading what="接收人" />}
      {rows && list.data && (
        <section className="card">
          <form onSubmit={(e) => void save(e)} noValidate aria-label="预警接收人">
            <p className="hint">
              第 {list.data.version} 版{list.data.updatedAt ? `，${formatTime(list.data.updatedAt)} 由 ${list.data.updatedBy ?? '—'} 保存` : ''}
            </p>
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">接收级别</th>
                    <th scope="col">县区</th>
                    <th scope="col">邮箱</th>
                    <th scope="col">姓名</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, index) => {
                    const cell = (field: string) => `${id}-${index}-${field}`;
                    const error = (field: string) => errors[`recipients.${index}.${field}`];
                    const described = (field: string) => (error(field) ? { 'aria-invalid': true, 'aria-describedby': `${cell(field)}-error` } : {});
                    const problem = (field: string) =>
                      error(field) && (
                        <p id={`${cell(field)}-error`} className="field-error">
                          {error(field)}
                        </p>
                      );
                    return (
                      <tr key={index}>
                        <td>
                          <select aria-label={`第 ${index + 1} 行接收级别`} value={row.role} onChange={(e) => change(index, { role: e.target.value as RecipientRole })}>
                            {(Object.keys(ROLE_TITLES) as RecipientRole[]).map((role) => (
                              <option key={role} value={role}>
                                {ROLE_TITLES[role]}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          {row.role === 'county_lead' ? (
                            <>
                              <select id={cell('county')} aria-label={`第 ${index + 1} 行县区`} value={row.county ?? ''} onChange={(e) => change(index, { county: e.target.value })} {...described('county')}>
                                <CountyOptions />
                              </select>
                              {problem('county')}
                            </>
                          ) : (
                            '全市'
                          )}
                        </td>
                        <td>
                          <input id={cell('email')} aria-label={`第 ${index + 1} 行邮箱`} type="email" value={row.email} onChange={(e) => change(index, { email: e.target.value })} {...described('email')} />
                          {problem('email')}
                        </td>
                        <td>
                          <input aria-label={`第 ${index + 1} 行姓名`} value={row.name ?? ''} onChange={(e) => change(index, { name: e.target.value })} />
                        </td>
                        <td>
                          <button type="button" className="button-secondary" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                            删除第 {index + 1} 行
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {conflict && (
              <div className="alert alert-error alert-row" role="alert">
                <span>接收人名单已被他人修改，您看到的不是最新版本。</span>
                <button type="button" className="button-secondary" onClick={list.reload}>
                  重新加载
                </button>
              </div>
            )}
            {errors[''] && (
              <p className="alert alert-error" role="alert">
                {errors['']}
              </p>
            )}
            <div className="dialog-actions">
              <button type="button" className="button-secondary" onClick={() => setRows([...rows, { role: 'county_lead', county: '', email: '' }])}>
                添加一行
              </button>
              <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
                保存
              </button>
            </div>
          </form>
        </section>
      )}
    </div>
  );
}
