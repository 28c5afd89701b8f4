import { useAuth } from '../auth';
import { ProjectList } from '../components/ProjectList';
import { countyName } from '../labels';

/** A manager's county: the projects they record progress on. */
export function MyProjectsPage() {
  const { auth } = useAuth();
  const user = auth.user;
  if (!user || user.role !== 'manager' || !user.county) {
    return (
      <div className="page">
        <h1>我的项目</h1>
        <p className="alert alert-info">此页面供县区项目负责人使用：列出本县区的项目。</p>
      </div>
    );
  }
  return (
    <div className="page">
      <div className="page-head">
        <h1>我的项目</h1>
        <p className="page-sub">{countyName(user.county)}的项目：点项目名称进入项目页录入进度。</p>
      </div>
      <ProjectList county={user.county} title={`${countyName(user.county)}项目列表`} />
    </div>
  );
}
