import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A list's filters and page kept in the URL query (so a reload or a shared link shows the same
 * list): `update` sets or clears fields, and any change but the page itself starts again at page 1.
 */
export function useUrlFilters<Key extends string = string>(): { params: URLSearchParams; page: number; update: (changes: Partial<Record<Key, string>>) => void } {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const update = useCallback(
    (changes: Partial<Record<Key, string>>) =>
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries<string | undefined>(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      }),
    [setParams],
  );
  return { params, page, update };
}
