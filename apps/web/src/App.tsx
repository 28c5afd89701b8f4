import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AppLink } from './as-of';
import { AuthProvider, useAuth } from './auth';
import { Layout } from './components/Layout';
import { homeOf, isReader, roleTitle } from './labels';
import { AccountPage } from './pages/AccountPage';
import { AlertsPage } from './pages/AlertsPage';
import { AuditPage } from './pages/AuditPage';
import { CountyPage } from './pages/CountyPage';
import { LoginPage } from './pages/LoginPage';
import { MyProjectsPage } from './pages/MyProjectsPage';
import { OverviewPage } from './pages/OverviewPage';
import { PasswordPage } from './pages/PasswordPage';
import { ProjectPage } from './pages/ProjectPage';
import { RecipientsPage } from './pages/RecipientsPage';
import { SecurityPage } from './pages/SecurityPage';
import { TotpPage } from './pages/TotpPage';
import { UsersPage } from './pages/UsersPage';
import type { Role, SessionScope } from './types';

/** Where a session that may not do everything yet must go first (and nowhere else). */
const SET_UP_PAGES: Record<Exclude<SessionScope, 'full'>, string> = {
  'password-change': '/account/password',
  'totp-enrolment': '/account/totp',
};

function RequireSignIn({ children }: { children: ReactNode }) {
  const { auth, refresh } = useAuth();
  const location = useLocation();
  if (auth.status === 'loading') {
    return (
      <p className="loading page" role="status">
        正在加载…
      </p>
    );
  }
  if (auth.status === 'error') {
    return (
      <div className="page">
        <p className="alert alert-error alert-row" role="alert">
          无法连接服务器：{auth.message}
          <button type="button" className="button-secondary" onClick={refresh}>
            重试
          </button>
        </p>
      </div>
    );
  }
  if (auth.status === 'signed-out') {
    if (auth.loggedOut) return <Navigate to="/login" replace />;
    return <Navigate to={`/login?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`} replace />;
  }
  const setUp = auth.user.scope === 'full' ? null : SET_UP_PAGES[auth.user.scope];
  if (setUp && location.pathname !== setUp) return <Navigate to={setUp} replace />;
  return children;
}

/** A page for some roles only: the others are told so (and the API, which would refuse them, is not asked). */
function Only({ roles, children }: { roles: (role: Role) => boolean; children: ReactNode }) {
  const user = useAuth().auth.user;
  if (!user || roles(user.role)) return children;
  return (
    <div className="page">
      <h1>无权访问</h1>
      <p className="alert alert-info">
        此页面不对{roleTitle(user.role)}开放。<AppLink to={homeOf(user.role)}>返回首页</AppLink>
      </p>
    </div>
  );
}

/** `/`: the overview for those who read the portfolio, the own page of the security administrator and the auditor. */
function Home() {
  const user = useAuth().auth.user;
  if (user && !isReader(user.role)) return <Navigate to={homeOf(user.role)} replace />;
  return <OverviewPage />;
}

function NotFound() {
  const user = useAuth().auth.user;
  return (
    <div className="page">
      <h1>页面不存在</h1>
      <p>
        <AppLink to={user ? homeOf(user.role) : '/'}>返回首页</AppLink>
      </p>
    </div>
  );
}

const is =
  (...roles: Role[]) =>
  (role: Role) =>
    roles.includes(role);

export function App() {
  return (
    <AuthProvider>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireSignIn>
              <Layout />
            </RequireSignIn>
          }
        >
          <Route index element={<Home />} />
          <Route path="counties/:slug" element={<Only roles={isReader}><CountyPage /></Only>} />
          <Route path="projects/:id" element={<Only roles={isReader}><ProjectPage /></Only>} />
          <Route path="alerts" element={<Only roles={isReader}><AlertsPage /></Only>} />
          <Route path="my-projects" element={<Only roles={isReader}><MyProjectsPage /></Only>} />
          <Route path="users" element={<Only roles={is('admin')}><UsersPage /></Only>} />
          <Route path="recipients" element={<Only roles={is('admin')}><RecipientsPage /></Only>} />
          <Route path="security" element={<Only roles={is('security_admin')}><SecurityPage /></Only>} />
          <Route path="audit" element={<Only roles={is('auditor')}><AuditPage /></Only>} />
          <Route path="account" element={<AccountPage />} />
          <Route path="account/password" element={<PasswordPage />} />
          <Route path="account/totp" element={<TotpPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </AuthProvider>
  );
}
