import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AppLink } from './as-of';
import { AuthProvider, useAuth } from './auth';
import { Layout } from './components/Layout';
import { AlertsPage } from './pages/AlertsPage';
import { CountyPage } from './pages/CountyPage';
import { LoginPage } from './pages/LoginPage';
import { MyProjectsPage } from './pages/MyProjectsPage';
import { OverviewPage } from './pages/OverviewPage';
import { ProjectPage } from './pages/ProjectPage';
import { RecipientsPage } from './pages/RecipientsPage';
import { UsersPage } from './pages/UsersPage';

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
  return children;
}

function NotFound() {
  return (
    <div className="page">
      <h1>页面不存在</h1>
      <p>
        <AppLink to="/">返回总览</AppLink>
      </p>
    </div>
  );
}

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
          <Route index element={<OverviewPage />} />
          <Route path="counties/:slug" element={<CountyPage />} />
          <Route path="projects/:id" element={<ProjectPage />} />
          <Route path="alerts" element={<AlertsPage />} />
          <Route path="my-projects" element={<MyProjectsPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="recipients" element={<RecipientsPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </AuthProvider>
  );
}
