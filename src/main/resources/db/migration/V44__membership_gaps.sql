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

-- Who drew on an allowance: a company pool's draws are shown to the company's admin by employee.
alter table allowance_draw add column member_id bigint;
update allowance_draw d set member_id = o.member_id
from service_order o where o.operator_id = d.operator_id and o.id = d.order_id;
create index allowance_draw_member on allowance_draw (operator_id, member_id);

-- Units a company admin handed from the company pool to one employee: the pool grant's used goes up by the units and
-- the employee gets a grant of their own with the pool grant's unit, scope and end.
create table allowance_pool_share (
    id               bigint generated always as identity primary key,
    operator_id      bigint      not null references operator (id),
    enterprise_id    bigint      not null,
    pool_grant_id    bigint      not null,
    member_id        bigint      not null,
    member_grant_id  bigint      not null,
    units            bigint      not null check (units > 0),
    shared_by        bigint      not null,
    shared_at        timestamptz not null,
    idempotency_key  text        not null,
    request_hash     text        not null,
    unique (operator_id, idempotency_key),
    foreign key (operator_id, pool_grant_id) references allowance_grant (operator_id, id),
    foreign key (operator_id, member_grant_id) references allowance_grant (operator_id, id),
    foreign key (operator_id, member_id) references member (operator_id, id),
    foreign key (operator_id, enterprise_id) references enterprise (operator_id, id)
);
create index allowance_pool_share_enterprise on allowance_pool_share (operator_id, enterprise_id, shared_at desc);

-- Deposits: a resource may ask for a deposit, taken from the member's wallet when a reservation is made, given back
-- at check-in or cancellation and kept on a no-show. Members whose tier is deposit-free book without one.
create table resource_deposit (
    operator_id    bigint not null references operator (id),
    resource_id    bigint not null,
    deposit_minor  bigint not null check (deposit_minor > 0 and deposit_minor <= 100000000),
    primary key (operator_id, resource_id),
    foreign key (operator_id, resource_id) references booking_resource (operator_id, id)
);
alter table reservation add column deposit_minor bigint;
alter table reservation add column deposit_status text
    check (deposit_status in ('HELD', 'RETURNED', 'FORFEITED', 'WAIVED'));
