// Promo codes: what a code gives in words, what is left of its uses, the
// types a buyer is offered with it, an estimate of its discount on the picks,
// and the organizer's form for a code.

import type { EventItem, Offer, PromoCode, PromoCodeInput, TicketType } from '../api';
import { formatDateTime, fromLocalInput, toLocalInput, type FormatOptions } from './format';
import { addTo, formatMinor, minorDigits, toMinor, type Totals } from './money';
import { selectionItems, typePrice, type Quantities } from './tickets';
import type { Errors } from './validation';

type Discount = Pick<PromoCode, 'percentOff' | 'amountOff' | 'ticketTypeIds'>;

/** "A", "A and B", "A, B and C". */
export function listText(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function typeNames(ids: readonly string[], types: readonly Pick<TicketType, 'id' | 'name'>[]): string[] {
  return ids.map((id) => types.find((t) => t.id === id)?.name ?? 'a removed type');
}

/** "20% off Standard", "€5.00 off each seat of VIP", "20% off every ticket"; "No discount" for a code that only unlocks types. */
export function discountText(code: Discount, types: readonly Pick<TicketType, 'id' | 'name'>[], locale?: string): string {
  const names = code.ticketTypeIds === null ? null : listText(typeNames(code.ticketTypeIds, types));
  if (code.percentOff) return `${code.percentOff}% off ${names ?? 'every ticket'}`;
  if (code.amountOff) {
    const amount = formatMinor(toMinor(code.amountOff), code.amountOff.currency, locale);
    return names ? `${amount} off each seat of ${names}` : `${amount} off each seat`;
  }
  return 'No discount';
}

/** "3 of 10 used" or "3 used". */
export function usesText(code: Pick<PromoCode, 'used' | 'maxUses'>): string {
  return code.maxUses === null ? `${code.used.toLocaleString()} used` : `${code.used.toLocaleString()} of ${code.maxUses.toLocaleString()} used`;
}

/** "7 left", "none left" or "unlimited". */
export function usesLeftText(code: Pick<PromoCode, 'used' | 'maxUses'>): string {
  if (code.maxUses === null) return 'unlimited';
  const left = Math.max(0, code.maxUses - code.used);
  return left === 0 ? 'none left' : `${left.toLocaleString()} left`;
}

/** Whether a buyer could use the code now: enabled, not expired, not used up. */
export function codeState(code: Pick<PromoCode, 'enabled' | 'validUntil' | 'used' | 'maxUses'>, now: Date = new Date()): 'active' | 'disabled' | 'expired' | 'used-up' {
  if (!code.enabled) return 'disabled';
  if (code.validUntil && Date.parse(code.validUntil) <= now.getTime()) return 'expired';
  if (code.maxUses !== null && code.used >= code.maxUses) return 'used-up';
  return 'active';
}

export function validUntilText(code: Pick<PromoCode, 'validUntil'>, options: FormatOptions = {}): string {
  return code.validUntil ? formatDateTime(code.validUntil, options) : 'No end';
}

/**
 * The types a buyer is offered: the offer's (public ones and those its code
 * unlocks, with fresh seats left) when there is one, else the event's; and
 * the ids of the hidden types the code unlocked.
 */
export function offeredTypes(publicTypes: readonly TicketType[], offer: Offer | null): { types: TicketType[]; unlocked: string[] } {
  if (!offer) return { types: [...publicTypes], unlocked: [] };
  const isPublic = new Set(publicTypes.map((t) => t.id));
  return { types: [...offer.ticketTypes], unlocked: offer.ticketTypes.filter((t) => !isPublic.has(t.id)).map((t) => t.id) };
}

function appliesTo(code: Discount, typeId: string): boolean {
  return code.ticketTypeIds === null || code.ticketTypeIds.includes(typeId);
}

/**
 * What the code takes off the picks, in minor units by currency, as the
 * server reckons it: a percentage off each line it applies to, rounded down
 * to the minor unit; a fixed amount off each seat, never more than the seat.
 */
export function selectionDiscount(
  types: readonly TicketType[],
  quantities: Quantities,
  event: Pick<EventItem, 'price'>,
  code: Discount | null,
): Totals {
  const totals: Totals = new Map();
  if (!code) return totals;
  for (const item of selectionItems(types, quantities)) {
    if (!appliesTo(code, item.ticketTypeId)) continue;
    const price = typePrice(types.find((t) => t.id === item.ticketTypeId)!, event);
    if (!price) continue;
    const seat = toMinor(price);
    let off = 0;
    if (code.percentOff) off = Math.floor((seat * item.quantity * code.percentOff) / 100);
    else if (code.amountOff && code.amountOff.currency.toUpperCase() === price.currency.toUpperCase()) {
      off = Math.min(toMinor(code.amountOff), seat) * item.quantity;
    }
    if (off > 0) addTo(totals, { amount: off / 10 ** minorDigits(price.currency), currency: price.currency });
  }
  return totals;
}

/** `totals` less `off`, per currency. */
export function subtract(totals: Totals, off: Totals): Totals {
  const result: Totals = new Map(totals);
  for (const [currency, minor] of off) result.set(currency, (result.get(currency) ?? 0) - minor);
  return result;
}

// The organizer's form for one code.

export type DiscountKind = 'percent' | 'amount' | 'none';

export interface PromoCodeFormValues {
  code: string;
  kind: DiscountKind;
  percentOff: string;
  amountOff: string;
  /** Types it applies to; empty for all. */
  ticketTypeIds: string[];
  unlocks: string[];
  maxUses: string;
  validUntil: string;
}

export type PromoCodeField = 'code' | 'percentOff' | 'amountOff' | 'ticketTypeIds' | 'unlocks' | 'maxUses' | 'validUntil';

export const promoCodeFields: readonly PromoCodeField[] = ['code', 'percentOff', 'amountOff', 'ticketTypeIds', 'unlocks', 'maxUses', 'validUntil'];

export const emptyPromoCodeForm: PromoCodeFormValues = {
  code: '', kind: 'percent', percentOff: '', amountOff: '', ticketTypeIds: [], unlocks: [], maxUses: '', validUntil: '',
};

export function promoCodeToForm(code: PromoCode): PromoCodeFormValues {
  return {
    code: code.code,
    kind: code.percentOff ? 'percent' : code.amountOff ? 'amount' : 'none',
    percentOff: code.percentOff ? String(code.percentOff) : '',
    amountOff: code.amountOff ? String(code.amountOff.amount) : '',
    ticketTypeIds: code.ticketTypeIds ?? [],
    unlocks: code.unlocks,
    maxUses: code.maxUses === null ? '' : String(code.maxUses),
    validUntil: toLocalInput(code.validUntil),
  };
}

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** Checks the form; `used` (when editing) is the lowest `maxUses` allowed, `currency` the event's. */
export function validatePromoCode(
  v: PromoCodeFormValues,
  options: { currency: string; used?: number; isNew?: boolean; now?: Date },
): Errors<PromoCodeField> {
  const errors: Errors<PromoCodeField> = {};
  if (options.isNew !== false) {
    const code = v.code.trim();
    if (!code) errors.code = 'Enter a code, such as EARLY-BIRD.';
    else if (!/^[A-Za-z0-9_-]{3,32}$/.test(code)) errors.code = 'Use 3 to 32 letters, digits, - or _.';
  }

  if (v.kind === 'percent') {
    const percent = wholeNumber(v.percentOff);
    if (percent === null || percent < 1 || percent > 100) errors.percentOff = 'Enter a whole percentage from 1 to 100.';
  } else if (v.kind === 'amount') {
    const digits = minorDigits(options.currency);
    const amount = v.amountOff.trim();
    const shape = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
    if (!shape.test(amount) || Number(amount) <= 0 || Number(amount) > 1_000_000_000) {
      errors.amountOff = digits === 0 ? 'Enter a whole amount such as 5.' : 'Enter an amount such as 5 or 2.50.';
    }
  } else if (v.unlocks.length === 0) {
    errors.unlocks = 'A code without a discount must unlock at least one hidden type.';
  }

  if (v.maxUses.trim()) {
    const max = wholeNumber(v.maxUses);
    if (max === null || max < 1 || max > 1_000_000) errors.maxUses = 'Enter a whole number from 1 to 1,000,000, or leave empty.';
    else if (options.used !== undefined && max < options.used) errors.maxUses = `${options.used} already used; the most cannot be lower.`;
  }

  if (v.validUntil && options.isNew !== false && Date.parse(v.validUntil) <= (options.now ?? new Date()).getTime()) {
    errors.validUntil = 'Choose a time in the future.';
  }
  return errors;
}

/** The fields of a valid form, as the API takes them. */
export function formToPromoCodeInput(v: PromoCodeFormValues, currency: string, offsetFor?: (localDate: Date) => number): PromoCodeInput {
  return {
    code: v.code.trim(),
    percentOff: v.kind === 'percent' ? Number(v.percentOff.trim()) : null,
    amountOff: v.kind === 'amount' ? { amount: Number(v.amountOff.trim()), currency: currency.toUpperCase() } : null,
    ticketTypeIds: v.ticketTypeIds.length ? [...v.ticketTypeIds].sort() : null,
    unlocks: [...v.unlocks].sort(),
    maxUses: v.maxUses.trim() ? Number(v.maxUses.trim()) : null,
    validUntil: fromLocalInput(v.validUntil, offsetFor),
    enabled: true,
  };
}

/** The body to create a code: empty optional fields left out. */
export function newPromoCodeBody(input: PromoCodeInput): Partial<PromoCodeInput> {
  const body: Partial<PromoCodeInput> = { ...input };
  for (const key of ['percentOff', 'amountOff', 'ticketTypeIds', 'maxUses', 'validUntil'] as const) {
    if (body[key] === null) delete body[key];
  }
  if (!body.unlocks?.length) delete body.unlocks;
  delete body.enabled;
  return body;
}

/** The fields that differ from the code as it is, for a PATCH (never the code itself; `null` clears). */
export function promoCodeChanges(code: PromoCode, next: PromoCodeInput): Partial<PromoCodeInput> {
  const currency = next.amountOff?.currency ?? code.amountOff?.currency ?? 'EUR';
  const original = { ...formToPromoCodeInput(promoCodeToForm(code), currency), enabled: code.enabled };
  const changes: Partial<PromoCodeInput> = {};
  for (const key of Object.keys(next) as (keyof PromoCodeInput)[]) {
    if (key === 'code' || key === 'enabled') continue;
    if (JSON.stringify(original[key]) !== JSON.stringify(next[key])) (changes as Record<string, unknown>)[key] = next[key];
  }
  if ('validUntil' in changes && toLocalInput(code.validUntil) === toLocalInput(next.validUntil)) delete changes.validUntil;
  return changes;
}
