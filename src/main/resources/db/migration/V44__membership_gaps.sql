-- Closing the gaps of the membership issue: coupons on paid reservations, editable coupon templates, birthday gifts,
-- deposits on resources.

-- The coupon codes a member entered when booking: a reservation that waits for approval is charged (and its coupons
-- redeemed) only when staff approve it, so the codes are kept with it until then.
alter table reservation add column coupon_codes text[] not null default '{}';
