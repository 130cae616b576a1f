// The time left on a checkout hold, reckoned from the server's `expiresAt`:
// as a clock ("4:59"), in words, and in the coarser steps a screen reader
// announces so that it is not interrupted every second.

/** Milliseconds from `nowMs` until `expiresAt`, never below zero; 0 when it cannot be read. */
export function remainingMs(expiresAt: string | null, nowMs: number = Date.now()): number {
  if (!expiresAt) return 0;
  const end = Date.parse(expiresAt);
  return Number.isNaN(end) ? 0 : Math.max(0, end - nowMs);
}

/** Whole seconds left, counting a started second as a whole one (so "0:00" means the time is up). */
function secondsLeft(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}

/** "9:59", "0:05", "1:00:00" for an hour. */
export function formatCountdown(ms: number): string {
  const total = secondsLeft(ms);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

function unit(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** "4 minutes 59 seconds left", "1 minute left", "5 seconds left"; "No time left" at zero. */
export function countdownWords(ms: number): string {
  const total = secondsLeft(ms);
  if (total === 0) return 'No time left';
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts = [minutes ? unit(minutes, 'minute') : '', seconds ? unit(seconds, 'second') : ''].filter(Boolean);
  return `${parts.join(' ')} left`;
}

/**
 * What to announce: the whole minutes left (rounded up) while more than a
 * minute is left, then "1 minute left", "30 seconds left", "10 seconds left",
 * and "No time left". It changes a few times only, so a live region may read it.
 */
export function countdownAnnouncement(ms: number): string {
  const total = secondsLeft(ms);
  if (total === 0) return 'No time left';
  if (total > 60) return `${Math.ceil(total / 60)} minutes left`;
  if (total > 30) return '1 minute left';
  if (total > 10) return '30 seconds left';
  return '10 seconds left';
}
