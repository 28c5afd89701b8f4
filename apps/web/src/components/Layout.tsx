import { useEffect, useId, useState } from 'react';
import { Outlet, useLocation } from 'react-router-dom';
import { AppLink, AppNavLink, useAsOf } from '../as-of';
import { useAuth } from '../auth';
import { todayInShanghai } from '../dates';
import { countyName, ROLE_LABELS } from '../labels';

export function Layout() {
  const { auth, logout } = useAuth();
  const { asOf, setAsOf } = useAsOf();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const dateId = useId();
  const user = auth.user;

  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        跳到正文
      </a>
      <header className="app-header">
        <div className="header-row">
          <AppLink to="/" className="brand">
            台账
            <span className="brand-sub">滁州市“十四五”公共服务项目</span>
          </AppLink>
          <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((open) => !open)}>
            菜单
          </button>
          <nav id="main-nav" className={`main-nav ${menuOpen ? 'open' : ''}`} aria-label="主导航">
            <ul>
              <li>
                <AppNavLink to="/" end>
                  总览
                </AppNavLink>
              </li>
              <li>
                <AppNavLink to="/alerts">预警记录</AppNavLink>
              </li>
              {user?.role === 'manager' && (
                <li>
                  <AppNavLink to="/my-projects">我的项目</AppNavLink>
                </li>
              )}
              {user?.role === 'admin' && (
                <>
                  <li>
                    <AppNavLink to="/users">用户管理</AppNavLink>
                  </li>
                  <li>
                    <AppNavLink to="/recipients">预警接收人</AppNavLink>
                  </li>
                </>
              )}
            </ul>
            {user && (
              <div className="user-box">
                <span className="user-name" data-testid="current-user">
                  {user.displayName}
                  {auth.status === 'signed-in' && (
                    <span className="user-role">
                      （{ROLE_LABELS[user.role] ?? user.role}
                      {user.county ? ` · ${countyName(user.county)}` : ''}）
                    </span>
                  )}
                </span>
                {auth.status === 'signed-in' && (
                  <button type="button" className="button-secondary" onClick={() => void logout()}>
                    退出
                  </button>
                )}
              </div>
            )}
          </nav>
        </div>
        <div className="as-of-bar">
          <label htmlFor={dateId}>截至日期</label>
          <input id={dateId} type="date" value={asOf ?? ''} max={todayInShanghai()} min="2021-01-01" onChange={(e) => setAsOf(e.target.value || null)} aria-describedby={`${dateId}-hint`} />
          <button type="button" className="button-secondary" onClick={() => setAsOf(null)}>
            回到今天
          </button>
          <span id={`${dateId}-hint`} className="hint">
            按该日结束时已记录的台账显示；留空为今天
          </span>
        </div>
      </header>
      {asOf && (
        <div className="history-banner" role="status" data-testid="history-banner">
          历史视图：截至 {asOf} 的记录
        </div>
      )}
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="app-footer">滁州市“十四五”公共服务规划 · 项目台账</footer>
    </div>
  );
}
