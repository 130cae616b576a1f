// Bookings over time for an organizer's chart: seats taken per hour or per
// day, and the running total. A cancelled booking adds its seats when it was
// made and takes them away again when it was cancelled; pending and rejected
// bookings never held seats.

export interface BookingPoint {
  seats: number;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export type BucketUnit = 'hour' | 'day';

export interface Bucket {
  /** Start of the bucket, in ms since the epoch. */
  start: number;
  /** Seats booked minus seats released in this bucket. */
  change: number;
  /** Seats held at the end of this bucket. */
  total: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The start of the bucket holding `ms`, for a zone `offsetMinutes` east of
 * UTC (the buckets begin on local hours or local midnights).
 */
export function bucketStart(ms: number, unit: BucketUnit, offsetMinutes = 0): number {
  const size = unit === 'hour' ? HOUR : DAY;
  const shift = offsetMinutes * 60_000;
  return Math.floor((ms + shift) / size) * size - shift;
}

/** Hours for a span of under three days, days otherwise. */
export function chooseUnit(firstMs: number, lastMs: number): BucketUnit {
  return lastMs - firstMs < 3 * DAY ? 'hour' : 'day';
}

interface Change {
  at: number;
  seats: number;
}

export function seatChanges(bookings: readonly BookingPoint[]): Change[] {
  const changes: Change[] = [];
  for (const b of bookings) {
    const created = Date.parse(b.createdAt);
    if (Number.isNaN(created) || !(b.seats > 0)) continue;
    if (b.status === 'confirmed') {
      changes.push({ at: created, seats: b.seats });
    } else if (b.status === 'cancelled') {
      const cancelled = Date.parse(b.updatedAt);
      changes.push({ at: created, seats: b.seats });
      changes.push({ at: Number.isNaN(cancelled) ? created : Math.max(created, cancelled), seats: -b.seats });
    }
  }
  return changes.sort((a, b) => a.at - b.at);
}

/**
 * Buckets the bookings from the first change to the last (or to `untilMs`
 * when given and later), with every bucket in between present. At most
 * `maxBuckets` buckets: beyond that hours give way to days, and days keep
 * only the latest `maxBuckets`.
 */
export function bucketBookings(
  bookings: readonly BookingPoint[],
  options: { unit?: BucketUnit; offsetMinutes?: number; untilMs?: number; maxBuckets?: number } = {},
): { unit: BucketUnit; buckets: Bucket[] } {
  const changes = seatChanges(bookings);
  const offset = options.offsetMinutes ?? 0;
  const maxBuckets = options.maxBuckets ?? 400;
  if (changes.length === 0) return { unit: options.unit ?? 'day', buckets: [] };

  const first = changes[0].at;
  const last = Math.max(changes[changes.length - 1].at, options.untilMs ?? -Infinity);
  let unit = options.unit ?? chooseUnit(first, last);
  let size = unit === 'hour' ? HOUR : DAY;
  if (unit === 'hour' && (bucketStart(last, 'hour', offset) - bucketStart(first, 'hour', offset)) / size + 1 > maxBuckets) {
    unit = 'day';
    size = DAY;
  }

  const firstStart = bucketStart(first, unit, offset);
  const lastStart = bucketStart(last, unit, offset);
  const count = Math.round((lastStart - firstStart) / size) + 1;
  const buckets: Bucket[] = [];
  for (let i = 0; i < count; i++) buckets.push({ start: firstStart + i * size, change: 0, total: 0 });
  for (const c of changes) {
    const index = Math.round((bucketStart(c.at, unit, offset) - firstStart) / size);
    buckets[index].change += c.seats;
  }
  let total = 0;
  for (const b of buckets) {
    total += b.change;
    b.total = total;
  }
  return { unit, buckets: buckets.length > maxBuckets ? buckets.slice(-maxBuckets) : buckets };
}

/** A round upper bound for an axis and its tick values: 0, step, 2·step, … ≥ max. */
export function niceScale(max: number, targetTicks = 4): { max: number; ticks: number[] } {
  if (!(max > 0)) return { max: 1, ticks: [0, 1] };
  const rough = max / targetTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const stepInt = Math.max(1, Math.round(step));
  const top = Math.ceil(max / stepInt) * stepInt;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += stepInt) ticks.push(v);
  return { max: top, ticks };
}
