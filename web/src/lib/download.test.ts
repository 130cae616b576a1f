import { describe, expect, it } from 'vitest';
import { downloadName } from './download';

describe('downloadName', () => {
  it('makes a safe file name of a title', () => {
    expect(downloadName('Jazz at the Park', 'attendees', 'csv')).toBe('jazz-at-the-park-attendees.csv');
    expect(downloadName('  Café / Zürich: 2026!  ', 'attendees', 'csv')).toBe('cafe-zurich-2026-attendees.csv');
    expect(downloadName('???', 'attendees', 'csv')).toBe('attendees.csv');
    expect(downloadName('a'.repeat(59) + ' b', 'x', 'csv')).toBe(`${'a'.repeat(59)}-x.csv`);
  });
});
