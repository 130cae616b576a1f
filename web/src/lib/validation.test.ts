import { describe, expect, it } from 'vitest';
import type { EventItem } from '../api';
import {
  announcesChanges, changedFields, createBody, emptyEventForm, eventToForm, formToEventInput, seatChoices, validateEmail, validateEvent,
  validateSignIn, validateSignUp, type EventFormValues,
} from './validation';

describe('validateSignUp', () => {
  it('accepts valid values', () => {
    expect(validateSignUp({ username: 'john.doe-1', email: 'john@example.com', password: 'securepassword' })).toEqual({});
  });
  it('checks each field like the users service', () => {
    const errors = validateSignUp({ username: 'jo', email: 'john@localhost', password: 'short' });
    expect(Object.keys(errors).sort()).toEqual(['email', 'password', 'username']);
    expect(validateSignUp({ username: 'john doe', email: 'a@b.co', password: '12345678' }).username).toMatch(/letters, digits/);
    expect(validateSignUp({ username: 'x'.repeat(33), email: 'a@b.co', password: '12345678' }).username).toMatch(/3 to 32/);
    expect(validateSignUp({ username: 'john', email: 'a@b.co', password: '' }).password).toBe('Choose a password.');
  });
  it('counts the password in bytes', () => {
    expect(validateSignUp({ username: 'john', email: 'a@b.co', password: 'ééééé' }).password).toBeUndefined(); // 10 bytes
    expect(validateSignUp({ username: 'john', email: 'a@b.co', password: 'x'.repeat(1025) }).password).toMatch(/1024/);
  });
});

describe('validateEmail', () => {
  it('wants a local part and a domain with a dot', () => {
    expect(validateEmail('name@example.com')).toBeUndefined();
    expect(validateEmail('')).toMatch(/Enter/);
    expect(validateEmail('@example.com')).toBeDefined();
    expect(validateEmail('name@example')).toBeDefined();
    expect(validateEmail('name@example.')).toBeDefined();
    expect(validateEmail('na me@example.com')).toBeDefined();
    expect(validateEmail(`${'a'.repeat(65)}@example.com`)).toMatch(/64/);
  });
});

describe('validateSignIn', () => {
  it('needs both fields', () => {
    expect(validateSignIn({ email: '', password: '' })).toEqual({ email: 'Enter your e-mail address.', password: 'Enter your password.' });
    expect(validateSignIn({ email: 'a@b.co', password: 'x' })).toEqual({});
  });
});

const valid: EventFormValues = {
  ...emptyEventForm, title: 'Concert', date: '2030-06-15', time: '19:30', location: 'Berlin', capacity: '100',
};

describe('validateEvent', () => {
  const now = new Date(2030, 0, 1);
  it('accepts a complete event', () => {
    expect(validateEvent(valid, { isNew: true, now })).toEqual({});
  });
  it('names every missing required field', () => {
    expect(Object.keys(validateEvent(emptyEventForm, { now })).sort()).toEqual(['capacity', 'date', 'location', 'title']);
  });
  it('checks lengths and ranges', () => {
    const errors = validateEvent({
      ...valid, title: 't'.repeat(201), capacity: '0', maxSeatsPerBooking: '101', category: 'c'.repeat(51),
    }, { now });
    expect(errors).toMatchObject({ title: expect.any(String), capacity: expect.any(String), maxSeatsPerBooking: expect.any(String), category: expect.any(String) });
    expect(validateEvent({ ...valid, capacity: '2.5' }, { now }).capacity).toMatch(/whole number/);
    expect(validateEvent({ ...valid, capacity: '1000001' }, { now }).capacity).toBeDefined();
  });
  it('refuses a past date for a new event only', () => {
    const past = { ...valid, date: '2029-12-31' };
    expect(validateEvent(past, { isNew: true, now }).date).toMatch(/future/);
    expect(validateEvent(past, { isNew: false, now }).date).toBeUndefined();
  });
  it('keeps the capacity at or above the seats taken', () => {
    expect(validateEvent({ ...valid, capacity: '5' }, { minCapacity: 6, now }).capacity).toMatch(/6 seats are already booked/);
    expect(validateEvent({ ...valid, capacity: '6' }, { minCapacity: 6, now }).capacity).toBeUndefined();
  });
  it('wants a currency with a price', () => {
    const errors = validateEvent({ ...valid, priceAmount: '12.345', priceCurrency: 'euro' }, { now });
    expect(errors.priceAmount).toBeDefined();
    expect(errors.priceCurrency).toBeDefined();
    expect(validateEvent({ ...valid, priceAmount: '25.50', priceCurrency: 'eur' }, { now })).toEqual({});
  });
});

const stored: EventItem = {
  id: 'e1', title: 'Concert', description: 'Loud.', date: '2030-06-15', location: 'Berlin', capacity: 100, availableSeats: 97,
  status: 'scheduled', organizerId: 'u1', createdAt: '', updatedAt: '', category: null, price: null, maxSeatsPerBooking: null,
};

describe('event bodies', () => {
  it('turns the form into a request body', () => {
    const input = formToEventInput({ ...valid, time: '', title: '  Concert ', priceAmount: '25', priceCurrency: 'eur', maxSeatsPerBooking: '4' });
    expect(input).toEqual({
      title: 'Concert', description: '', date: '2030-06-15', location: 'Berlin', capacity: 100,
      maxSeatsPerBooking: 4, category: null, price: { amount: 25, currency: 'EUR' }, holdMinutes: 10,
      requireAttendeeNames: false, onSaleAt: null, waitingRoom: false, waitlistOrder: 'strict', offerMinutes: 15,
    });
  });
  it('checks how long a hold keeps the seats and sends a change of it', () => {
    expect(validateEvent({ ...valid, holdMinutes: '15' })).toEqual({});
    for (const bad of ['0', '61', '2.5', '', 'ten']) {
      expect(validateEvent({ ...valid, holdMinutes: bad }).holdMinutes).toBe('Enter a whole number of minutes from 1 to 60.');
    }
    expect(createBody(formToEventInput({ ...valid, holdMinutes: '5' })).holdMinutes).toBe(5);
    expect(eventToForm({ ...stored, holdMinutes: 3 }).holdMinutes).toBe('3');
    expect(changedFields({ ...stored, holdMinutes: 10 }, formToEventInput({ ...eventToForm(stored), holdMinutes: '5' }))).toEqual({ holdMinutes: 5 });
  });
  it('asks for attendee names only when the organizer ticks it', () => {
    expect(emptyEventForm.requireAttendeeNames).toBe(false);
    expect(createBody(formToEventInput({ ...valid, requireAttendeeNames: true })).requireAttendeeNames).toBe(true);
    expect(createBody(formToEventInput(valid))).not.toHaveProperty('requireAttendeeNames');
    expect(eventToForm(stored).requireAttendeeNames).toBe(false);
    expect(eventToForm({ ...stored, requireAttendeeNames: true }).requireAttendeeNames).toBe(true);
    const form = eventToForm({ ...stored, requireAttendeeNames: false });
    expect(changedFields(stored, formToEventInput({ ...form, requireAttendeeNames: true }))).toEqual({ requireAttendeeNames: true });
    expect(changedFields({ ...stored, requireAttendeeNames: true }, formToEventInput(form))).toEqual({ requireAttendeeNames: false });
  });
  it('knows which changes attendees hear of', () => {
    expect(announcesChanges({ requireAttendeeNames: true, holdMinutes: 5 })).toBe(false);
    expect(announcesChanges({ requireAttendeeNames: true, location: 'Hamburg' })).toBe(true);
    expect(announcesChanges({})).toBe(false);
  });
  it('leaves empty optional fields out when creating', () => {
    const body = createBody(formToEventInput({ ...valid, time: '' }));
    expect(Object.keys(body).sort()).toEqual(['capacity', 'date', 'location', 'title']);
  });
  it('sends only what changed when editing', () => {
    const form = eventToForm(stored);
    expect(changedFields(stored, formToEventInput(form))).toEqual({});
    expect(changedFields(stored, formToEventInput({ ...form, capacity: '120', location: 'Hamburg' }))).toEqual({ capacity: 120, location: 'Hamburg' });
    expect(changedFields(stored, formToEventInput({ ...form, description: '' }))).toEqual({ description: '' });
  });
  it('keeps a stored date-time unchanged when the form did not touch it', () => {
    const withTime = { ...stored, date: '2030-06-15T17:30:00Z' };
    expect(changedFields(withTime, formToEventInput(eventToForm(withTime)))).toEqual({});
  });
});

describe('the on-sale', () => {
  const opening: EventFormValues = { ...valid, onSaleAt: '2030-06-01T10:00' };

  it('opens the sales before the event starts', () => {
    expect(validateEvent(opening)).toEqual({});
    expect(validateEvent({ ...valid, onSaleAt: '2030-06-15T19:30' }).onSaleAt).toBe('Open the sales before the event starts.');
    expect(validateEvent({ ...valid, onSaleAt: '2030-06-15T19:29' })).toEqual({});
    // A calendar date starts with its day.
    expect(validateEvent({ ...valid, time: '', onSaleAt: '2030-06-15T00:00' }).onSaleAt).toBe('Open the sales before the event starts.');
    expect(validateEvent({ ...valid, time: '', onSaleAt: '2030-06-14T23:59' })).toEqual({});
    expect(validateEvent({ ...valid, onSaleAt: 'soon' }).onSaleAt).toBe('Enter a date and time.');
  });

  it('wants an opening time for a waiting room and checks its settings only then', () => {
    expect(validateEvent({ ...valid, waitingRoom: true }).waitingRoom).toMatch(/On sale from/);
    expect(validateEvent({ ...opening, waitingRoom: true })).toEqual({});
    expect(validateEvent({ ...opening, waitingRoom: true, admitPerMinute: '0', passMinutes: '61' })).toEqual({
      admitPerMinute: 'Enter a whole number from 1 to 100,000, or leave empty.',
      passMinutes: 'Enter a whole number of minutes from 1 to 60.',
    });
    expect(validateEvent({ ...opening, waitingRoom: true, admitPerMinute: '100000', passMinutes: '60' })).toEqual({});
    expect(validateEvent({ ...opening, admitPerMinute: 'many', passMinutes: '' })).toEqual({});
  });

  it('sends the opening with the local offset and leaves defaults out when creating', () => {
    const body = createBody(formToEventInput({ ...opening, waitingRoom: true }));
    expect(body.onSaleAt).toBe(formToEventInput(opening).onSaleAt);
    expect(body.onSaleAt).toMatch(/^2030-06-01T10:00:00[+-]\d{2}:\d{2}$/);
    expect(body.waitingRoom).toBe(true);
    expect(body).not.toHaveProperty('admitPerMinute');
    expect(body).not.toHaveProperty('passMinutes');
    expect(createBody(formToEventInput({ ...opening, waitingRoom: true, admitPerMinute: '500', passMinutes: '5' })))
      .toMatchObject({ admitPerMinute: 500, passMinutes: 5 });
    const plain = createBody(formToEventInput(valid));
    for (const key of ['onSaleAt', 'waitingRoom', 'admitPerMinute', 'passMinutes']) expect(plain).not.toHaveProperty(key);
  });

  it('reads the settings of a stored event', () => {
    const onSale = formToEventInput(opening).onSaleAt!;
    const form = eventToForm({ ...stored, onSaleAt: onSale, waitingRoom: true, admitPerMinute: 250, passMinutes: 15 });
    expect(form).toMatchObject({ onSaleAt: '2030-06-01T10:00', waitingRoom: true, admitPerMinute: '250', passMinutes: '15' });
    expect(eventToForm({ ...stored, onSaleAt: null, admitPerMinute: null })).toMatchObject({ onSaleAt: '', waitingRoom: false, admitPerMinute: '', passMinutes: '10' });
  });

  it('clears the opening with null and sends only what changed', () => {
    const onSale = new Date(Date.UTC(2030, 5, 1, 8, 0)).toISOString().replace('.000Z', 'Z');
    const event = { ...stored, onSaleAt: onSale, waitingRoom: true, admitPerMinute: null, passMinutes: 10 };
    const form = eventToForm(event);
    expect(changedFields(event, formToEventInput(form))).toEqual({});
    expect(changedFields(event, formToEventInput({ ...form, onSaleAt: '', waitingRoom: false }))).toEqual({ onSaleAt: null, waitingRoom: false });
    expect(changedFields(event, formToEventInput({ ...form, admitPerMinute: '300' }))).toEqual({ admitPerMinute: 300 });
    expect(changedFields({ ...event, admitPerMinute: 300 }, formToEventInput(form))).toEqual({ admitPerMinute: null });
    const opened = { ...eventToForm(stored), onSaleAt: '2030-06-01T10:00' };
    expect(changedFields(stored, formToEventInput(opened))).toEqual({ onSaleAt: formToEventInput(opened).onSaleAt });
  });

  it('is not announced to those who booked', () => {
    expect(announcesChanges({ onSaleAt: null, waitingRoom: false, admitPerMinute: 5, passMinutes: 3 })).toBe(false);
  });
});

describe('the waitlist settings', () => {
  it('default to strict order and 15 minutes, left out when creating', () => {
    expect(emptyEventForm).toMatchObject({ waitlistOrder: 'strict', offerMinutes: '15' });
    const body = createBody(formToEventInput(valid));
    expect(body).not.toHaveProperty('waitlistOrder');
    expect(body).not.toHaveProperty('offerMinutes');
    expect(createBody(formToEventInput({ ...valid, waitlistOrder: 'fit', offerMinutes: '60' }))).toMatchObject({ waitlistOrder: 'fit', offerMinutes: 60 });
  });

  it('check the minutes an offer holds its seats: 1 to a day', () => {
    expect(validateEvent({ ...valid, offerMinutes: '1' })).toEqual({});
    expect(validateEvent({ ...valid, offerMinutes: '1440' })).toEqual({});
    for (const bad of ['0', '1441', '2.5', '', 'soon']) {
      expect(validateEvent({ ...valid, offerMinutes: bad }).offerMinutes).toBe('Enter a whole number of minutes from 1 to 1,440 (a day).');
    }
    expect(validateEvent({ ...valid, waitlistOrder: 'random' as never }).waitlistOrder).toBeDefined();
  });

  it('are read from a stored event, sent when changed, and not announced', () => {
    expect(eventToForm(stored)).toMatchObject({ waitlistOrder: 'strict', offerMinutes: '15' });
    const event = { ...stored, waitlistOrder: 'fit' as const, offerMinutes: 30 };
    const form = eventToForm(event);
    expect(form).toMatchObject({ waitlistOrder: 'fit', offerMinutes: '30' });
    expect(changedFields(event, formToEventInput(form))).toEqual({});
    expect(changedFields(event, formToEventInput({ ...form, waitlistOrder: 'strict', offerMinutes: '5' }))).toEqual({ waitlistOrder: 'strict', offerMinutes: 5 });
    expect(announcesChanges({ waitlistOrder: 'fit', offerMinutes: 5 })).toBe(false);
  });
});

describe('seatChoices', () => {
  it('offers 1 to the per-booking limit, or 10', () => {
    expect(seatChoices({ availableSeats: 50, maxSeatsPerBooking: null })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seatChoices({ availableSeats: 50, maxSeatsPerBooking: 4 })).toEqual([1, 2, 3, 4]);
  });
  it('never offers more than the seats left', () => {
    expect(seatChoices({ availableSeats: 2, maxSeatsPerBooking: null })).toEqual([1, 2]);
    expect(seatChoices({ availableSeats: 0, maxSeatsPerBooking: 4 })).toEqual([]);
  });
});
