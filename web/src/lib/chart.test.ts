import { describe, expect, it } from 'vitest';
import { bucketBookings, bucketStart, chooseUnit, niceScale, seatChanges } from './chart';

const b = (seats: number, status: string, createdAt: string, updatedAt = createdAt) => ({ seats, status, createdAt, updatedAt });
const H = 3_600_000;

describe('seatChanges', () => {
  it('adds confirmed seats, adds and later removes cancelled ones, ignores the rest', () => {
    const changes = seatChanges([
      b(2, 'confirmed', '2030-01-01T10:00:00Z'),
      b(3, 'cancelled', '2030-01-01T09:00:00Z', '2030-01-01T12:00:00Z'),
      b(5, 'rejected', '2030-01-01T09:30:00Z'),
      b(1, 'pending', '2030-01-01T09:45:00Z'),
    ]);
    expect(changes.map((c) => [new Date(c.at).toISOString().slice(11, 16), c.seats])).toEqual([
      ['09:00', 3], ['10:00', 2], ['12:00', -3],
    ]);
  });
});

describe('bucketStart', () => {
  it('aligns to local hours and midnights', () => {
    const ms = Date.parse('2030-01-01T10:42:00Z');
    expect(new Date(bucketStart(ms, 'hour')).toISOString()).toBe('2030-01-01T10:00:00.000Z');
    expect(new Date(bucketStart(ms, 'day')).toISOString()).toBe('2030-01-01T00:00:00.000Z');
    // 10:42 UTC is 00:12 the next day at +14:00; that local day starts at 10:00 UTC.
    expect(new Date(bucketStart(ms, 'day', 14 * 60)).toISOString()).toBe('2030-01-01T10:00:00.000Z');
    // At -05:00 it is 05:42 on 1 January, which began at 05:00 UTC.
    expect(new Date(bucketStart(ms, 'day', -300)).toISOString()).toBe('2030-01-01T05:00:00.000Z');
  });
});

describe('bucketBookings', () => {
  it('returns nothing without seats', () => {
    expect(bucketBookings([b(2, 'rejected', '2030-01-01T10:00:00Z')]).buckets).toEqual([]);
  });

  it('buckets by hour for a short span, filling the gaps, with a running total', () => {
    const { unit, buckets } = bucketBookings([
      b(2, 'confirmed', '2030-01-01T10:05:00Z'),
      b(1, 'confirmed', '2030-01-01T10:55:00Z'),
      b(4, 'cancelled', '2030-01-01T11:10:00Z', '2030-01-01T13:20:00Z'),
    ]);
    expect(unit).toBe('hour');
    expect(buckets.map((x) => [new Date(x.start).toISOString().slice(11, 13), x.change, x.total])).toEqual([
      ['10', 3, 3], ['11', 4, 7], ['12', 0, 7], ['13', -4, 3],
    ]);
  });

  it('buckets by day for a long span', () => {
    const { unit, buckets } = bucketBookings([
      b(2, 'confirmed', '2030-01-01T10:00:00Z'),
      b(5, 'confirmed', '2030-01-05T23:59:00Z'),
    ]);
    expect(unit).toBe('day');
    expect(buckets).toHaveLength(5);
    expect(buckets.map((x) => x.total)).toEqual([2, 2, 2, 2, 7]);
    expect(buckets[0].start).toBe(Date.parse('2030-01-01T00:00:00Z'));
  });

  it('extends to untilMs and honours a forced unit', () => {
    const { buckets } = bucketBookings([b(1, 'confirmed', '2030-01-01T10:00:00Z')], {
      unit: 'day', untilMs: Date.parse('2030-01-03T01:00:00Z'),
    });
    expect(buckets.map((x) => x.total)).toEqual([1, 1, 1]);
  });

  it('keeps the number of buckets bounded', () => {
    const { unit, buckets } = bucketBookings(
      [b(1, 'confirmed', '2030-01-01T00:00:00Z'), b(1, 'confirmed', '2031-06-01T00:00:00Z')],
      { unit: 'hour', maxBuckets: 100 },
    );
    expect(unit).toBe('day');
    expect(buckets).toHaveLength(100);
    expect(buckets[buckets.length - 1].total).toBe(2);
  });
});

describe('chooseUnit', () => {
  it('switches to days at three days', () => {
    expect(chooseUnit(0, 71 * H)).toBe('hour');
    expect(chooseUnit(0, 72 * H)).toBe('day');
  });
});

describe('niceScale', () => {
  it('rounds the top to a tidy step', () => {
    expect(niceScale(8)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceScale(97)).toEqual({ max: 100, ticks: [0, 50, 100] });
    expect(niceScale(3).ticks).toEqual([0, 1, 2, 3]);
    expect(niceScale(0)).toEqual({ max: 1, ticks: [0, 1] });
  });
  it('uses whole steps for small numbers', () => {
    const { ticks } = niceScale(1);
    expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(1);
  });
});
