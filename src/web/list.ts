// Reads a list page's state (sort, direction, page, page size, filters) from the URL.
import type { ListState } from './components.js';

export interface ListQueryOptions<S extends string> {
  sortable: readonly S[];
  defaultSort: S;
  defaultDir?: 'asc' | 'desc';
  /** Filter parameter names to keep in links. */
  filters: readonly string[];
  perPage?: number;
}

export interface ListQuery<S extends string> {
  sort: S;
  dir: 'asc' | 'desc';
  page: number;
  perPage: number;
  offset: number;
  filters: Record<string, string>;
  /** Filters as a query string, for links that must keep them. */
  query: URLSearchParams;
}

/** Unknown or malformed values fall back to defaults: a hand-edited URL never errors. */
export function readListQuery<S extends string>(url: string, o: ListQueryOptions<S>): ListQuery<S> {
  const p = new URL(url).searchParams;
  const sortParam = p.get('sort') ?? '';
  const sort = (o.sortable as readonly string[]).includes(sortParam) ? (sortParam as S) : o.defaultSort;
  const dir = p.get('dir') === 'desc' ? 'desc' : p.get('dir') === 'asc' ? 'asc' : (o.defaultDir ?? 'asc');
  const perPageParam = Number(p.get('per_page'));
  const perPage = [25, 50, 100, 200].includes(perPageParam) ? perPageParam : (o.perPage ?? 50);
  const pageParam = Number(p.get('page'));
  const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= 1_000_000 ? pageParam : 1;
  const filters: Record<string, string> = {};
  const query = new URLSearchParams();
  for (const f of o.filters) {
    const v = p.get(f)?.trim().slice(0, 200);
    if (v) {
      filters[f] = v;
      query.set(f, v);
    }
  }
  if (perPage !== (o.perPage ?? 50)) query.set('per_page', String(perPage));
  return { sort, dir, page, perPage, offset: (page - 1) * perPage, filters, query };
}

export const listState = <S extends string>(q: ListQuery<S>, total: number): ListState => ({
  sort: q.sort,
  dir: q.dir,
  page: q.page,
  perPage: q.perPage,
  total,
  query: q.query,
});
