import { describe, expect, it, vi } from 'vitest';
import { appendPage, buildQuery, loadAll, replaceRow } from './pagination';

describe('buildQuery', () => {
  it('leaves out unset values and encodes the rest', () => {
    expect(buildQuery({ q: ' rock & roll ', from: '', to: undefined, cursor: null, seatsLeft: false, limit: 20 }))
      .toBe('?q=rock+%26+roll&limit=20');
    expect(buildQuery({ seatsLeft: true })).toBe('?seatsLeft=true');
    expect(buildQuery({})).toBe('');
  });
});

describe('appendPage', () => {
  it('appends rows and skips ones already loaded', () => {
    const loaded = [{ id: 'a' }, { id: 'b' }];
    expect(appendPage(loaded, [{ id: 'b' }, { id: 'c' }]).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(loaded).toHaveLength(2);
  });
});

describe('replaceRow', () => {
  it('replaces by id in place', () => {
    const rows = [{ id: 'a', v: 1 }, { id: 'b', v: 1 }];
    expect(replaceRow(rows, { id: 'b', v: 2 })).toEqual([{ id: 'a', v: 1 }, { id: 'b', v: 2 }]);
  });
});

describe('loadAll', () => {
  it('follows nextCursor to the end', async () => {
    const pages: Record<string, { items: { id: string }[]; nextCursor: string | null }> = {
      start: { items: [{ id: '1' }, { id: '2' }], nextCursor: 'c1' },
      c1: { items: [{ id: '3' }], nextCursor: 'c2' },
      c2: { items: [{ id: '4' }], nextCursor: null },
    };
    const fetchPage = vi.fn(async (cursor: string | null) => pages[cursor ?? 'start']);
    const result = await loadAll(fetchPage);
    expect(result).toEqual({ items: [{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }], complete: true });
    expect(fetchPage.mock.calls.map((c) => c[0])).toEqual([null, 'c1', 'c2']);
  });

  it('stops at the page limit and says so', async () => {
    let n = 0;
    const result = await loadAll(async () => ({ items: [{ id: String(n++) }], nextCursor: 'more' + n }), 3);
    expect(result.items).toHaveLength(3);
    expect(result.complete).toBe(false);
  });
});
