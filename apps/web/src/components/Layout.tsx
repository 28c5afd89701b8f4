import { useEffect, useId, useState } from 'react';
import { Outlet, useLocation } from 'react-router-dom';
import { AppLink, AppNavLink, useAsOf } from '../as-of';
import { useAuth } from '../auth';
import { todayInShanghai } from '../dates';
import { countyName, isReader, roleTitle } from '../labels';
import type { User } from '../types';

interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** The pages each role has (the API refuses the others): readers the portfolio, each administrator their own. */
function navOf(user: User): NavItem[] {
  if (user.scope !== 'full') return [];
  const items: NavItem[] = [];
  if (isReader(user.role)) items.push({ to: '/', label: '总览', end: true }, { to: '/alerts', label: '预警记录' });
  if (user.role === 'manager') items.push({ to: '/my-projects', label: '我的项目' });
  if (user.role === 'admin') items.push({ to: '/users', label: '用户管理' }, { to: '/recipients', label: '预警接收人' });
  if (user.role === 'security_admin') items.push({ to: '/security', label: '安全管理' });
  if (user.role === 'auditor') items.push({ to: '/audit', label: '审计日志' });
  items.push({ to: '/account', label: '我的账号', end: true });
  return items;
}

/** 截至日期 concerns the portfolio's pages only. */
function showsAsOf(user: User | null, path: string): boolean {
  return !!user && user.scope === 'full' && isReader(user.role) && !/^\/(account|users|recipients)(\/|$)/.test(path);
}

export function Layout() {
  const { auth, logout } = useAuth();
  const { asOf, setAsOf } = useAsOf();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const dateId = useId();
  const user = auth.user;
  const items = user ? navOf(user) : [];
  const asOfBar = showsAsOf(user, location.pathname);

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
              {items.map((item) => (
                <li key={item.to}>
                  <AppNavLink to={item.to} end={item.end}>
                    {item.label}
                  </AppNavLink>
                </li>
              ))}
            </ul>
            {user && (
              <div className="user-box">
                <span className="user-name" data-testid="current-user">
                  {user.displayName}
                  {auth.status === 'signed-in' && (
                    <span className="user-role">
                      （{roleTitle(user.role)}
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
        {asOfBar && (
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
        )}
      </header>
      {asOf && asOfBar && (
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
