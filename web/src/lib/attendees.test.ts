import { describe, expect, it } from 'vitest';
import {
  allBlank, attendeeErrorsFromServer, attendeeInputId, attendeeLabels, attendeesToSend, initialAttendees, validateAttendees,
} from './attendees';

const ann = { name: 'Ann Lee', email: 'ann@example.com' };
const bo = { name: 'Bo Chen', email: 'bo@example.com' };
const empty = { name: '', email: '' };

describe('initialAttendees', () => {
  it('gives one row per seat, the first the buyer’s own', () => {
    expect(initialAttendees(2, { username: 'ann', email: 'ann@example.com' })).toEqual([{ name: 'ann', email: 'ann@example.com' }, empty]);
    expect(initialAttendees(3, null)).toEqual([empty, empty, empty]);
    expect(initialAttendees(1, { username: 'ann', email: '' })).toEqual([{ name: 'ann', email: '' }]);
    expect(initialAttendees(0, null)).toEqual([]);
  });
});

describe('attendeeInputId', () => {
  it('counts seats from 1, as their labels do', () => {
    expect(attendeeInputId(0, 'name')).toBe('seat-1-name');
    expect(attendeeInputId(1, 'email')).toBe('seat-2-email');
  });
});

describe('validateAttendees', () => {
  it('accepts a name and an e-mail address per seat', () => {
    expect(validateAttendees([ann, bo])).toEqual({});
    expect(validateAttendees([{ name: '  Ann  ', email: ' ann@example.com ' }])).toEqual({});
  });
  it('names the seat of each missing field', () => {
    expect(validateAttendees([ann, empty])).toEqual({
      'seat-2-name': 'Enter the name of the person on seat 2.',
      'seat-2-email': 'Enter the e-mail address of the person on seat 2.',
    });
    expect(validateAttendees([{ name: '   ', email: 'ann@example.com' }])).toEqual({ 'seat-1-name': 'Enter the name of the person on seat 1.' });
  });
  it('takes up to 100 characters of name after trimming, counting characters', () => {
    expect(validateAttendees([{ ...ann, name: ` ${'a'.repeat(100)} ` }])).toEqual({});
    expect(validateAttendees([{ ...ann, name: 'é'.repeat(100) }])).toEqual({});
    expect(validateAttendees([{ ...ann, name: 'a'.repeat(101) }])['seat-1-name']).toBe('Use at most 100 characters.');
  });
  it('checks the e-mail address as the sign-up form does', () => {
    expect(validateAttendees([{ ...ann, email: 'ann@localhost' }])['seat-1-email']).toMatch(/such as name@example\.com/);
    expect(validateAttendees([{ ...ann, email: 'ann example.com' }])['seat-1-email']).toBeDefined();
  });
});

describe('attendeesToSend', () => {
  it('sends required names trimmed, one per seat', () => {
    expect(attendeesToSend([{ name: ' Ann Lee ', email: ' ann@example.com' }, bo], true)).toEqual({ attendees: [ann, bo], errors: {} });
  });
  it('refuses to confirm without required names', () => {
    const result = attendeesToSend([empty, empty], true);
    expect(result.attendees).toBeUndefined();
    expect(Object.keys(result.errors)).toEqual(['seat-1-name', 'seat-1-email', 'seat-2-name', 'seat-2-email']);
  });
  it('leaves optional names out when none are given', () => {
    expect(attendeesToSend([empty, { name: ' ', email: '' }], false)).toEqual({ attendees: undefined, errors: {} });
  });
  it('sends optional names given for every seat', () => {
    expect(attendeesToSend([ann, bo], false)).toEqual({ attendees: [ann, bo], errors: {} });
  });
  it('asks to finish optional names begun for some seats only', () => {
    const result = attendeesToSend([ann, empty], false);
    expect(result.attendees).toBeUndefined();
    expect(Object.keys(result.errors)).toEqual(['seat-2-name', 'seat-2-email']);
  });
});

describe('allBlank', () => {
  it('is true only when nothing was typed', () => {
    expect(allBlank([empty, { name: ' ', email: '\t' }])).toBe(true);
    expect(allBlank([empty, { name: '', email: 'x' }])).toBe(false);
    expect(allBlank([])).toBe(true);
  });
});

describe('attendeeErrorsFromServer', () => {
  it('puts each entry’s message next to its input, as a sentence', () => {
    expect(attendeeErrorsFromServer({
      'attendees[0].name': 'must be 1 to 100 characters',
      'attendees[1].email': 'must be an e-mail address',
    })).toEqual({ 'seat-1-name': 'Must be 1 to 100 characters.', 'seat-2-email': 'Must be an e-mail address.' });
  });
  it('puts a whole entry’s message next to its name, and the list’s on the list', () => {
    expect(attendeeErrorsFromServer({
      'attendees[2]': 'must be {name, email}',
      attendees: 'this event needs a name and e-mail for each of the 2 seats',
    })).toEqual({ 'seat-3-name': 'Must be {name, email}.', attendees: 'This event needs a name and e-mail for each of the 2 seats.' });
  });
  it('ignores other fields', () => {
    expect(attendeeErrorsFromServer({ promoCode: 'has expired', 'attendees[x].name': 'odd' })).toEqual({});
  });
});

describe('attendeeLabels', () => {
  it('names each input by its seat', () => {
    expect(attendeeLabels(2)).toEqual({
      attendees: 'Attendees', 'seat-1-name': 'Seat 1, name', 'seat-1-email': 'Seat 1, e-mail', 'seat-2-name': 'Seat 2, name', 'seat-2-email': 'Seat 2, e-mail',
    });
  });
});
