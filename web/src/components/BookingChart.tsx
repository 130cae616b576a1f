import { useId, useMemo } from 'react';
import { bucketBookings, niceScale, type BookingPoint } from '../lib/chart';

const WIDTH = 480;
const HEIGHT = 240;
const PAD = { top: 16, right: 12, bottom: 36, left: 44 };
const HOUR = 3_600_000;

function label(ms: number, unit: 'hour' | 'day', long = false): string {
  const options: Intl.DateTimeFormatOptions =
    unit === 'hour'
      ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
      : { day: 'numeric', month: 'short', ...(long ? { year: 'numeric' } : {}) };
  return new Intl.DateTimeFormat(undefined, options).format(new Date(ms));
}

/** Seats held over time as an SVG step chart, with the same figures as a table. */
export function BookingChart({ bookings, capacity }: { bookings: readonly BookingPoint[]; capacity: number }) {
  const id = useId();
  const { unit, buckets } = useMemo(
    () => bucketBookings(bookings, { offsetMinutes: -new Date().getTimezoneOffset() }),
    [bookings],
  );
  // The line starts from zero in the bucket before the first booking.
  const points = useMemo(
    () => (buckets.length ? [{ start: buckets[0].start - (unit === 'hour' ? HOUR : 24 * HOUR), change: 0, total: 0 }, ...buckets] : []),
    [buckets, unit],
  );

  if (buckets.length === 0) {
    return <p className="empty">No seats booked yet, so there is nothing to chart.</p>;
  }

  const peak = Math.max(...buckets.map((b) => b.total), 1);
  const scale = niceScale(peak);
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const n = points.length;
  const x = (i: number) => PAD.left + (n === 1 ? innerW / 2 : (i / (n - 1)) * innerW);
  const y = (v: number) => PAD.top + innerH - (v / scale.max) * innerH;

  let line = '';
  points.forEach((b, i) => {
    line += i === 0 ? `M${x(i)},${y(b.total)}` : `H${x(i)}V${y(b.total)}`;
  });
  const area = `${line}V${y(0)}H${x(0)}Z`;
  const last = points[n - 1];
  const summary = `Seats booked ${unit === 'hour' ? 'by hour' : 'by day'}, from ${label(buckets[0].start, unit, true)} to ${label(last.start, unit, true)}: ${last.total} of ${capacity} seats held at the end.`;
  const labelIdx = n <= 2 ? [n - 1] : [0, n - 1];

  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="chart-svg"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>Bookings over time</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {scale.ticks.map((t) => (
          <g key={t} className="chart-grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 8} y={y(t)} dy="0.32em" textAnchor="end">{t}</text>
          </g>
        ))}
        {capacity > 0 && capacity <= scale.max && (
          <g className="chart-capacity">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(capacity)} y2={y(capacity)} />
            <text x={WIDTH - PAD.right} y={y(capacity)} dy="-0.4em" textAnchor="end">capacity {capacity}</text>
          </g>
        )}
        <path d={area} className="chart-area" />
        <path d={line} className="chart-line" />
        {points.map((b, i) => (b.change !== 0 ? <circle key={b.start} cx={x(i)} cy={y(b.total)} r={3} className="chart-dot" /> : null))}
        {labelIdx.map((i) => (
          <text
            key={i}
            x={x(i)}
            y={HEIGHT - PAD.bottom + 20}
            textAnchor={n === 1 ? 'middle' : i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'}
            className="chart-axis-label"
          >
            {label(points[i].start, unit)}
          </text>
        ))}
      </svg>
      <figcaption>{summary}</figcaption>
      <details className="chart-table">
        <summary>Show the figures as a table</summary>
        <div className="table-scroll">
          <table>
            <caption>Seats booked {unit === 'hour' ? 'per hour' : 'per day'}</caption>
            <thead>
              <tr>
                <th scope="col">{unit === 'hour' ? 'Hour' : 'Day'}</th>
                <th scope="col">Change</th>
                <th scope="col">Seats held</th>
              </tr>
            </thead>
            <tbody>
              {buckets.filter((b) => b.change !== 0).map((b) => (
                <tr key={b.start}>
                  <th scope="row">{label(b.start, unit, true)}</th>
                  <td>{b.change > 0 ? `+${b.change}` : b.change}</td>
                  <td>{b.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
