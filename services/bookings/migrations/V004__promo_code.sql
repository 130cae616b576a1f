-- The promo code a booking asked for, so that recovery asks again with it.
ALTER TABLE bookings ADD COLUMN promo_code TEXT;
