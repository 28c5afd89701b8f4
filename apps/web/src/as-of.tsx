import { forwardRef, useCallback, type ComponentProps } from 'react';
import { Link, NavLink, useSearchParams } from 'react-router-dom';
import { isCalendarDate } from './dates';

/** The app-wide 截至日期: `?asOf=YYYY-MM-DD` in the URL (empty: today). */
export function useAsOf(): { asOf: string | null; setAsOf: (day: string | null) => void } {
  const [params, setParams] = useSearchParams();
  const raw = params.get('asOf');
  const asOf = isCalendarDate(raw) ? raw : null;
  const setAsOf = useCallback(
    (day: string | null) => {
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        if (day && isCalendarDate(day)) next.set('asOf', day);
        else next.delete('asOf');
        // a page of a list belongs to one day's answer
        next.delete('page');
        return next;
      });
    },
    [setParams],
  );
  return { asOf, setAsOf };
}

/** `path` with the current asOf kept (so the date survives navigation). */
export function useWithAsOf(): (path: string) => string {
  const { asOf } = useAsOf();
  return useCallback(
    (path: string) => {
      if (!asOf) return path;
      const [base, hash] = path.split('#');
      const joined = `${base}${base.includes('?') ? '&' : '?'}asOf=${asOf}`;
      return hash === undefined ? joined : `${joined}#${hash}`;
    },
    [asOf],
  );
}

type LinkProps = Omit<ComponentProps<typeof Link>, 'to'> & { to: string };

/** A router link that keeps the 截至日期. */
export const AppLink = forwardRef<HTMLAnchorElement, LinkProps>(function AppLink({ to, ...props }, ref) {
  const withAsOf = useWithAsOf();
  return <Link ref={ref} to={withAsOf(to)} {...props} />;
});

type NavLinkProps = Omit<ComponentProps<typeof NavLink>, 'to'> & { to: string };

export function AppNavLink({ to, ...props }: NavLinkProps) {
  const withAsOf = useWithAsOf();
  return <NavLink to={withAsOf(to)} {...props} />;
}
