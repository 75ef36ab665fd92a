-- Closing the gaps of the membership issue: coupons on paid reservations, editable coupon templates, birthday gifts,
-- deposits on resources.

-- The coupon codes a member entered when booking: a reservation that waits for approval is charged (and its coupons
-- redeemed) only when staff approve it, so the codes are kept with it until then.
alter table reservation add column coupon_codes text[] not null default '{}';

-- A coupon template can be archived: it issues no more coupons and is no longer edited; issued coupons stay usable.
alter table coupon_template drop constraint coupon_template_status_check;
alter table coupon_template add constraint coupon_template_status_check
    check (status in ('ACTIVE', 'PAUSED', 'ARCHIVED'));

-- A tier's birthday gift: its birthday points and, where the tier says so, one coupon of a template.
alter table membership_tier add column birthday_coupon_template_id bigint;

-- Birthday gifts given: one row per member and year is what makes the gift exactly-once, however often and on however
-- many nodes the daily job runs. Also the log of whom the gift reached.
create table birthday_gift (
    operator_id         bigint      not null references operator (id),
    member_id           bigint      not null,
    gift_year           int         not null,
    birthday            date        not null,
    tier_code           text        not null,
    points              bigint      not null check (points >= 0),
    coupon_template_id  bigint,
    given_at            timestamptz not null,
    primary key (operator_id, member_id, gift_year),
    foreign key (operator_id, member_id) references member (operator_id, id)
);
create index birthday_gift_given_idx on birthday_gift (operator_id, given_at desc);
