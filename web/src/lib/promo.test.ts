import { describe, expect, it } from 'vitest';
import type { Offer, PromoCode, TicketType } from '../api';
import { formatTotals } from './money';
import {
  codeState, discountText, emptyPromoCodeForm, formToPromoCodeInput, listText, newPromoCodeBody, offeredTypes, promoCodeChanges,
  promoCodeToForm, selectionDiscount, subtract, usesLeftText, usesText, validatePromoCode,
} from './promo';
import { selectionTotal } from './tickets';

function type(overrides: Partial<TicketType> = {}): TicketType {
  return {
    id: 'std', name: 'Standard', description: null, price: { amount: 12.5, currency: 'EUR' },
    quota: 100, available: 50, onSale: true, salesStart: null, salesEnd: null, maxPerBooking: null, ...overrides,
  };
}

const standard = type();
const vip = type({ id: 'vip', name: 'VIP', price: { amount: 25, currency: 'EUR' } });
const backstage = type({ id: 'back', name: 'Backstage', price: { amount: 40, currency: 'EUR' } });
const event = { price: null };

function code(overrides: Partial<PromoCode> = {}): PromoCode {
  return {
    id: 'c1', code: 'EARLY', percentOff: 20, amountOff: null, ticketTypeIds: null, unlocks: [], maxUses: 10, used: 3,
    validUntil: null, enabled: true, createdAt: '', updatedAt: '', ...overrides,
  };
}

describe('what a code gives', () => {
  it('names the discount and the types it applies to', () => {
    expect(discountText(code({ ticketTypeIds: ['std'] }), [standard, vip])).toBe('20% off Standard');
    expect(discountText(code(), [standard, vip])).toBe('20% off every ticket');
    expect(discountText(code({ ticketTypeIds: ['std', 'vip', 'back'] }), [standard, vip, backstage])).toBe('20% off Standard, VIP and Backstage');
    expect(discountText(code({ percentOff: null, amountOff: { amount: 5, currency: 'EUR' }, ticketTypeIds: ['vip'] }), [vip], 'en'))
      .toBe('€5.00 off each seat of VIP');
    expect(discountText(code({ percentOff: null, amountOff: { amount: 2.5, currency: 'EUR' } }), [], 'en')).toBe('€2.50 off each seat');
    expect(discountText(code({ percentOff: null, unlocks: ['back'] }), [backstage])).toBe('No discount');
  });

  it('joins names as a sentence does', () => {
    expect(listText([])).toBe('');
    expect(listText(['A'])).toBe('A');
    expect(listText(['A', 'B'])).toBe('A and B');
  });

  it('counts its uses', () => {
    expect(usesText(code())).toBe('3 of 10 used');
    expect(usesLeftText(code())).toBe('7 left');
    expect(usesText(code({ maxUses: null }))).toBe('3 used');
    expect(usesLeftText(code({ maxUses: null }))).toBe('unlimited');
    expect(usesLeftText(code({ used: 10 }))).toBe('none left');
  });

  it('tells whether a buyer could use it now', () => {
    const now = new Date('2030-05-01T12:00:00Z');
    expect(codeState(code(), now)).toBe('active');
    expect(codeState(code({ enabled: false }), now)).toBe('disabled');
    expect(codeState(code({ validUntil: '2030-05-01T11:00:00Z' }), now)).toBe('expired');
    expect(codeState(code({ used: 10 }), now)).toBe('used-up');
  });
});

describe('the offer', () => {
  const offer: Offer = {
    promoCode: { code: 'EARLY', percentOff: 20, amountOff: null, ticketTypeIds: ['std'] },
    ticketTypes: [type({ available: 40 }), vip, backstage],
  };

  it('shows the public types and those the code unlocks, with the offer’s seats left', () => {
    const merged = offeredTypes([standard, vip], offer);
    expect(merged.types.map((t) => t.id)).toEqual(['std', 'vip', 'back']);
    expect(merged.types[0].available).toBe(40);
    expect(merged.unlocked).toEqual(['back']);
  });

  it('is the event’s types without a code', () => {
    expect(offeredTypes([standard, vip], null)).toEqual({ types: [standard, vip], unlocked: [] });
  });

  it('estimates the discount on the picks as the server does', () => {
    const picks = { std: 3, vip: 1 };
    const off = selectionDiscount([standard, vip], picks, event, offer.promoCode);
    expect(formatTotals(off, '', 'en')).toBe('€7.50');
    expect(formatTotals(subtract(selectionTotal([standard, vip], picks, event), off), '', 'en')).toBe('€55.00');
    // Rounded down to the cent: 15% of 3 × €12.50 = €5.625 → €5.62.
    expect(formatTotals(selectionDiscount([standard], { std: 3 }, event, { percentOff: 15, amountOff: null, ticketTypeIds: null }), '', 'en'))
      .toBe('€5.62');
    // A fixed amount never takes more than the seat costs.
    const cheap = type({ id: 'cheap', price: { amount: 3, currency: 'EUR' } });
    expect(formatTotals(selectionDiscount([cheap, vip], { cheap: 2, vip: 1 }, event,
      { percentOff: null, amountOff: { amount: 5, currency: 'EUR' }, ticketTypeIds: null }), '', 'en')).toBe('€11.00');
    expect(selectionDiscount([standard], picks, event, null).size).toBe(0);
  });
});

describe('the promo code form', () => {
  const now = new Date('2030-05-01T12:00:00Z');
  const valid = { ...emptyPromoCodeForm, code: 'EARLY-BIRD', percentOff: '20', maxUses: '5' };

  it('accepts a percentage code and checks each field', () => {
    expect(validatePromoCode(valid, { currency: 'EUR', now })).toEqual({});
    expect(validatePromoCode({ ...valid, code: 'a b' }, { currency: 'EUR', now }).code).toBe('Use 3 to 32 letters, digits, - or _.');
    expect(validatePromoCode({ ...valid, code: '' }, { currency: 'EUR', now }).code).toBe('Enter a code, such as EARLY-BIRD.');
    expect(validatePromoCode({ ...valid, percentOff: '101' }, { currency: 'EUR', now }).percentOff).toBeDefined();
    expect(validatePromoCode({ ...valid, kind: 'amount', amountOff: '2.505' }, { currency: 'EUR', now }).amountOff).toBeDefined();
    expect(validatePromoCode({ ...valid, kind: 'amount', amountOff: '2.50' }, { currency: 'EUR', now })).toEqual({});
    expect(validatePromoCode({ ...valid, kind: 'none' }, { currency: 'EUR', now }).unlocks).toBeDefined();
    expect(validatePromoCode({ ...valid, kind: 'none', unlocks: ['back'] }, { currency: 'EUR', now })).toEqual({});
    expect(validatePromoCode({ ...valid, maxUses: '0' }, { currency: 'EUR', now }).maxUses).toBeDefined();
    expect(validatePromoCode({ ...valid, maxUses: '2' }, { currency: 'EUR', used: 3, isNew: false, now }).maxUses)
      .toBe('3 already used; the most cannot be lower.');
    expect(validatePromoCode({ ...valid, validUntil: '2030-04-01T10:00' }, { currency: 'EUR', now }).validUntil).toBeDefined();
  });

  it('makes the body to create, leaving empty fields out', () => {
    const input = formToPromoCodeInput({ ...valid, ticketTypeIds: ['vip', 'std'] }, 'eur');
    expect(newPromoCodeBody(input)).toEqual({ code: 'EARLY-BIRD', percentOff: 20, ticketTypeIds: ['std', 'vip'], maxUses: 5 });
    expect(newPromoCodeBody(formToPromoCodeInput({ ...valid, kind: 'amount', amountOff: '5', maxUses: '' }, 'eur')))
      .toEqual({ code: 'EARLY-BIRD', amountOff: { amount: 5, currency: 'EUR' } });
  });

  it('sends only what changed when editing, never the code', () => {
    const stored = code({ ticketTypeIds: ['std'] });
    expect(promoCodeChanges(stored, formToPromoCodeInput(promoCodeToForm(stored), 'EUR'))).toEqual({});
    const form = { ...promoCodeToForm(stored), code: 'OTHER', kind: 'amount' as const, amountOff: '5', ticketTypeIds: [], maxUses: '' };
    expect(promoCodeChanges(stored, formToPromoCodeInput(form, 'EUR'))).toEqual({
      percentOff: null, amountOff: { amount: 5, currency: 'EUR' }, ticketTypeIds: null, maxUses: null,
    });
  });
});
