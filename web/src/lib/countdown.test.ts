import { describe, expect, it } from 'vitest';
import { countdownAnnouncement, countdownWords, formatCountdown, remainingMs } from './countdown';

const at = Date.parse('2030-06-01T18:00:00.000Z');

describe('time left on a hold', () => {
  it('is reckoned from the server’s expiresAt and never goes below zero', () => {
    expect(remainingMs('2030-06-01T18:10:00.000Z', at)).toBe(600_000);
    expect(remainingMs('2030-06-01T17:59:00.000Z', at)).toBe(0);
    expect(remainingMs(null, at)).toBe(0);
    expect(remainingMs('soon', at)).toBe(0);
  });

  it('reads as a clock, a started second counting as whole', () => {
    expect(formatCountdown(600_000)).toBe('10:00');
    expect(formatCountdown(599_001)).toBe('10:00');
    expect(formatCountdown(599_000)).toBe('9:59');
    expect(formatCountdown(5_000)).toBe('0:05');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(3_600_000)).toBe('1:00:00');
  });

  it('says how long is left in words', () => {
    expect(countdownWords(299_000)).toBe('4 minutes 59 seconds left');
    expect(countdownWords(60_000)).toBe('1 minute left');
    expect(countdownWords(61_000)).toBe('1 minute 1 second left');
    expect(countdownWords(5_000)).toBe('5 seconds left');
    expect(countdownWords(0)).toBe('No time left');
  });

  it('announces only a few steps', () => {
    expect(countdownAnnouncement(600_000)).toBe('10 minutes left');
    expect(countdownAnnouncement(540_001)).toBe('10 minutes left');
    expect(countdownAnnouncement(540_000)).toBe('9 minutes left');
    expect(countdownAnnouncement(60_000)).toBe('1 minute left');
    expect(countdownAnnouncement(30_000)).toBe('30 seconds left');
    expect(countdownAnnouncement(9_000)).toBe('10 seconds left');
    expect(countdownAnnouncement(0)).toBe('No time left');
  });
});
