-- Closing the gaps of the membership issue: coupons on paid reservations, editable coupon templates, birthday gifts,
-- deposits on resources.

-- The coupon codes a member entered when booking: a reservation that waits for approval is charged (and its coupons
-- redeemed) only when staff approve it, so the codes are kept with it until then.
alter table reservation add column coupon_codes text[] not null default '{}';

-- A coupon template can be archived: it issues no more coupons and is no longer edited; issued coupons stay usable.
alter table coupon_template drop constraint coupon_template_status_check;
alter table coupon_template add constraint coupon_template_status_check
    check (status in ('ACTIVE', 'PAUSED', 'ARCHIVED'));
