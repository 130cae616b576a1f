import { describe, expect, it } from 'vitest';
import { addTo, formatMinor, formatMoney, formatTotals, fromMinor, isZero, minorDigits, toMinor, type Totals } from './money';

describe('minor units', () => {
  it('knows how many decimals a currency has', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('jpy')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(minorDigits('NOT-A-CODE')).toBe(2);
  });

  it('turns exact decimal amounts into integers', () => {
    expect(toMinor({ amount: 12.5, currency: 'EUR' })).toBe(1250);
    expect(toMinor({ amount: 0.29, currency: 'EUR' })).toBe(29);
    expect(toMinor({ amount: 1.005, currency: 'KWD' })).toBe(1005);
    expect(toMinor({ amount: 500, currency: 'JPY' })).toBe(500);
    expect(toMinor({ amount: 1_000_000_000, currency: 'EUR' })).toBe(100_000_000_000);
  });

  it('and back', () => {
    expect(fromMinor(3750, 'eur')).toEqual({ amount: 37.5, currency: 'EUR' });
    expect(fromMinor(500, 'JPY')).toEqual({ amount: 500, currency: 'JPY' });
  });
});

describe('sums', () => {
  it('adds without the errors of binary fractions', () => {
    const totals: Totals = new Map();
    addTo(totals, { amount: 0.1, currency: 'EUR' });
    addTo(totals, { amount: 0.2, currency: 'EUR' });
    expect(totals.get('EUR')).toBe(30);
    expect(formatTotals(totals, 'nothing', 'en-GB')).toBe('€0.30');
  });

  it('multiplies by a quantity and skips what has no price', () => {
    const totals = addTo(addTo(new Map(), { amount: 12.5, currency: 'EUR' }, 3), null, 2);
    expect(totals.get('EUR')).toBe(3750);
    expect(formatTotals(totals, 'nothing', 'en-GB')).toBe('€37.50');
  });

  it('keeps currencies apart', () => {
    const totals = addTo(addTo(new Map(), { amount: 10, currency: 'EUR' }), { amount: 5, currency: 'usd' });
    expect(formatTotals(totals, 'nothing', 'en-GB')).toBe('€10.00 + US$5.00');
  });

  it('says what it was told for no total', () => {
    expect(formatTotals(new Map(), 'Free')).toBe('Free');
    expect(isZero(new Map())).toBe(true);
    expect(isZero(new Map([['EUR', 0]]))).toBe(true);
    expect(isZero(new Map([['EUR', 1]]))).toBe(false);
  });
});

describe('formatting', () => {
  it('uses the currency’s own decimals', () => {
    expect(formatMoney({ amount: 12.5, currency: 'EUR' }, 'en-GB')).toBe('€12.50');
    expect(formatMinor(1500, 'JPY', 'en-GB')).toBe('JP¥1,500');
    expect(formatMinor(1005, 'KWD', 'en-GB')).toMatch(/^KWD\s1\.005$/);
  });

  it('falls back to the amount and the code', () => {
    expect(formatMoney({ amount: 5, currency: 'NOT-A-CODE' }, 'en-GB')).toBe('5 NOT-A-CODE');
  });
});
