// Cursor pagination as the API does it: `{items, nextCursor}`, where following
// `nextCursor` walks every row once.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type QueryValue = string | number | boolean | null | undefined;

/** A query string (with its leading `?`, or empty) of the values that are set; `false` and "" are left out. */
export function buildQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === false) continue;
    const text = typeof value === 'string' ? value.trim() : String(value);
    if (text === '') continue;
    search.set(key, text);
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}

/**
 * Appends a page to the rows loaded so far, skipping rows already there (a
 * row can move between pages when the data changes between two requests).
 */
export function appendPage<T extends { id: string }>(loaded: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(loaded.map((row) => row.id));
  const result = loaded.slice();
  for (const row of page) {
    if (!seen.has(row.id)) {
      seen.add(row.id);
      result.push(row);
    }
  }
  return result;
}

/** Replaces the row with the same id, keeping the order. */
export function replaceRow<T extends { id: string }>(rows: readonly T[], row: T): T[] {
  return rows.map((r) => (r.id === row.id ? row : r));
}

/**
 * Loads every page (up to `maxPages`) by following `nextCursor`. `complete`
 * is false when it stopped at the limit.
 */
export async function loadAll<T extends { id: string }>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  maxPages = 20,
): Promise<{ items: T[]; complete: boolean }> {
  let items: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: Page<T> = await fetchPage(cursor);
    items = appendPage(items, page.items);
    if (!page.nextCursor || page.nextCursor === cursor) return { items, complete: true };
    cursor = page.nextCursor;
  }
  return { items, complete: false };
}
