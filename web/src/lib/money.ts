// Money as the API gives it: `{amount, currency}` with an exact decimal
// amount. Sums are made in the currency's minor units (integers), never on the
// decimal amounts, so that 0.1 + 0.2 is 0.30 and not 0.30000000000000004.

export interface Money {
  amount: number;
  currency: string;
}

/** Integer amounts in minor units, by currency code. */
export type Totals = Map<string, number>;

const digitsCache = new Map<string, number>();

/** The number of decimals the currency uses: 2 for EUR, 0 for JPY, 3 for KWD (2 when unknown). */
export function minorDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(code, digits);
  }
  return digits;
}

/** An amount in minor units: 12.5 EUR is 1250. */
export function toMinor(money: Money): number {
  return Math.round(money.amount * 10 ** minorDigits(money.currency));
}

/** The amount back from minor units, for display. */
export function fromMinor(minor: number, currency: string): Money {
  return { amount: minor / 10 ** minorDigits(currency), currency: currency.toUpperCase() };
}

/** "€37.50" in the reader's locale; the amount and code when the currency is unknown. */
export function formatMoney(money: Money, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(money.amount);
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}

export function formatMinor(minor: number, currency: string, locale?: string): string {
  return formatMoney(fromMinor(minor, currency), locale);
}

/** Adds `quantity` times `money` to `totals` (in place), and returns it. */
export function addTo(totals: Totals, money: Money | null | undefined, quantity = 1): Totals {
  if (!money) return totals;
  const code = money.currency.toUpperCase();
  totals.set(code, (totals.get(code) ?? 0) + toMinor(money) * quantity);
  return totals;
}

/** Totals as text: "€37.50", or "€10.00 + $5.00" when several currencies meet; `empty` when there is none. */
export function formatTotals(totals: Totals, empty: string, locale?: string): string {
  const parts = [...totals].map(([currency, minor]) => formatMinor(minor, currency, locale));
  return parts.length ? parts.join(' + ') : empty;
}

/** Whether every total is zero (or there is none). */
export function isZero(totals: Totals): boolean {
  return [...totals.values()].every((minor) => minor === 0);
}
