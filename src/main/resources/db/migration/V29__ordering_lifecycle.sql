-- The order lifecycle: one state machine with a recorded step for every transition, a payment split over enterprise
-- billing, the member wallet and points (held at checkout, captured on payment), ratings, follow-ups and complaints,
-- service requests with SLA deadlines, and orders placed by front-desk staff.

alter table service_order drop constraint service_order_check;
alter table service_order drop constraint service_order_status_check;
alter table service_order drop constraint service_order_payment_method_check;
alter table service_order add constraint service_order_status_check check (status in (
    'PLACED', 'PAID', 'ACCEPTED', 'SCHEDULED', 'IN_SERVICE', 'COMPLETED', 'RATED', 'CLOSED', 'REJECTED', 'CANCELLED'));
alter table service_order add constraint service_order_payment_method_check
    check (payment_method in ('ENTERPRISE_BILLING', 'WALLET', 'POINTS'));

alter table service_order
    add column kind             text        not null default 'PURCHASE' check (kind in ('PURCHASE', 'SERVICE_REQUEST')),
    add column channel          text        not null default 'ONLINE' check (channel in ('ONLINE', 'FRONT_DESK')),
    add column placed_by        bigint      references app_user (id),
    add column description      text        check (length(description) <= 2000),
    add column location         text        check (length(location) <= 200),
    add column provider_id      bigint,
    add column category_id      bigint,
    add column assigned_user_id bigint      references app_user (id),
    add column dispatch_mode    text        check (dispatch_mode in ('ASSIGN', 'GRAB', 'ROUND_ROBIN')),
    add column scheduled_for    timestamptz,
    add column paid_at          timestamptz,
    add column accepted_at      timestamptz,
    add column respond_by       timestamptz,
    add column complete_by      timestamptz,
    add column points_used      bigint      not null default 0 check (points_used >= 0),
    add column points_hold_id   bigint,
    add column rating           smallint    check (rating between 1 and 5),
    add column rating_comment   text        check (length(rating_comment) <= 1000),
    add column status_reason    text        check (length(status_reason) <= 500),
    add column version          integer     not null default 0;

-- Orders placed before this migration were charged at placement: they count as paid then.
update service_order set status = 'PAID', paid_at = placed_at where status = 'PLACED';
update service_order set paid_at = placed_at where paid_at is null and status <> 'CANCELLED';

create index service_order_provider_idx on service_order (operator_id, provider_id, placed_at desc)
    where provider_id is not null;
create index service_order_sla_idx on service_order (operator_id, complete_by)
    where status in ('PAID', 'ACCEPTED', 'SCHEDULED', 'IN_SERVICE');

-- Every step an order took, who took it and why: the timestamps of the lifecycle.
create table order_step (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null,
    order_id    bigint      not null,
    from_status text,
    to_status   text        not null,
    actor_kind  text        not null check (actor_kind in ('MEMBER', 'STAFF', 'PROVIDER', 'SYSTEM')),
    actor_id    bigint,
    reason      text        check (length(reason) <= 500),
    occurred_at timestamptz not null,
    foreign key (operator_id, order_id) references service_order (operator_id, id)
);
create index order_step_order_idx on order_step (operator_id, order_id, id);

insert into order_step (operator_id, order_id, from_status, to_status, actor_kind, occurred_at)
select operator_id, id, null, 'PLACED', 'MEMBER', placed_at from service_order;
insert into order_step (operator_id, order_id, from_status, to_status, actor_kind, occurred_at)
select operator_id, id, 'PLACED', 'PAID', 'MEMBER', paid_at from service_order where paid_at is not null;
insert into order_step (operator_id, order_id, from_status, to_status, actor_kind, actor_id, occurred_at)
select operator_id, id, 'PAID', 'COMPLETED', 'STAFF', completed_by, completed_at from service_order
where completed_at is not null;

-- The split: one row per method, with what each part has had refunded, so refunds return each part exactly.
alter table order_payment
    add column points            bigint not null default 0 check (points >= 0),
    add column refunded_minor    bigint not null default 0,
    add column refunded_points   bigint not null default 0,
    add column reference         text;
alter table order_payment add constraint order_payment_method_check
    check (method in ('ENTERPRISE_BILLING', 'WALLET', 'POINTS'));
alter table order_payment add constraint order_payment_refund_check
    check (refunded_minor between 0 and amount_minor and refunded_points between 0 and points);

-- How each refund was returned, part by part.
create table order_refund_part (
    operator_id  bigint not null,
    refund_id    bigint not null,
    method       text   not null,
    amount_minor bigint not null check (amount_minor >= 0),
    points       bigint not null default 0 check (points >= 0),
    primary key (operator_id, refund_id, method),
    foreign key (operator_id, refund_id) references order_refund (operator_id, id)
);

-- Enterprise billing gains credit lines for refunds: a statement is the sum of its lines.
alter table enterprise_charge drop constraint enterprise_charge_operator_id_order_id_key;
alter table enterprise_charge drop constraint enterprise_charge_amount_minor_check;
alter table enterprise_charge
    add column kind      text   not null default 'CHARGE' check (kind in ('CHARGE', 'REFUND')),
    add column refund_id bigint;
alter table enterprise_charge add constraint enterprise_charge_sign_check
    check ((kind = 'CHARGE' and amount_minor >= 0 and refund_id is null)
        or (kind = 'REFUND' and amount_minor < 0 and refund_id is not null));
create unique index enterprise_charge_order_uq on enterprise_charge (operator_id, order_id) where kind = 'CHARGE';
create unique index enterprise_charge_refund_uq on enterprise_charge (operator_id, refund_id) where kind = 'REFUND';

-- What paying with points costs: the operator's rate, the share of an order points may pay, and the unit.
create table checkout_policy (
    operator_id              bigint  primary key references operator (id),
    points_per_yuan          integer not null default 100 check (points_per_yuan between 1 and 10000),
    points_max_share_percent integer not null default 50 check (points_max_share_percent between 0 and 100),
    points_min_unit          integer not null default 100 check (points_min_unit between 1 and 100000),
    payment_timeout_minutes  integer not null default 15 check (payment_timeout_minutes between 1 and 1440),
    low_rating_threshold     integer not null default 2 check (low_rating_threshold between 1 and 5),
    auto_close_days          integer not null default 7 check (auto_close_days between 1 and 90)
);

-- Service levels per category: how soon an order must be accepted, and finished.
create table category_sla (
    operator_id        bigint  not null,
    category_id        bigint  not null,
    response_minutes   integer not null check (response_minutes between 1 and 43200),
    completion_minutes integer not null check (completion_minutes between 1 and 129600),
    dispatch_mode      text    not null default 'ASSIGN' check (dispatch_mode in ('ASSIGN', 'GRAB', 'ROUND_ROBIN')),
    primary key (operator_id, category_id),
    foreign key (operator_id, category_id) references service_category (operator_id, id)
);

-- Photos of a service request (a leaking tap, a broken lamp).
create table order_photo (
    id           bigint generated always as identity primary key,
    operator_id  bigint      not null,
    order_id     bigint      not null,
    content_type text        not null check (content_type in ('image/png', 'image/jpeg', 'image/webp')),
    bytes        bytea       not null check (octet_length(bytes) <= 2097152),
    created_at   timestamptz not null,
    foreign key (operator_id, order_id) references service_order (operator_id, id)
);
create index order_photo_order_idx on order_photo (operator_id, order_id);

-- Staff tasks after an order: a return visit after a low rating, or a complaint tracked to closure.
create table order_case (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null,
    order_id    bigint      not null,
    kind        text        not null check (kind in ('RETURN_VISIT', 'COMPLAINT')),
    status      text        not null check (status in ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
    summary     text        not null check (length(summary) between 1 and 2000),
    resolution  text        check (length(resolution) <= 2000),
    opened_by   bigint      references app_user (id),
    assigned_to bigint      references app_user (id),
    opened_at   timestamptz not null,
    resolved_at timestamptz,
    closed_at   timestamptz,
    unique (operator_id, id),
    foreign key (operator_id, order_id) references service_order (operator_id, id)
);
create index order_case_open_idx on order_case (operator_id, status, opened_at) where status <> 'CLOSED';
create unique index order_case_return_visit_uq on order_case (operator_id, order_id) where kind = 'RETURN_VISIT';

create table order_case_note (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null,
    case_id     bigint      not null,
    author_id   bigint      references app_user (id),
    note        text        not null check (length(note) between 1 and 2000),
    status      text        not null,
    created_at  timestamptz not null,
    foreign key (operator_id, case_id) references order_case (operator_id, id)
);

-- Points a refunded purchase gave back from its captured hold.
alter table points_hold add column refunded_points bigint not null default 0;
alter table points_hold add constraint points_hold_refunded_check
    check (refunded_points >= 0 and refunded_points <= captured_points);

-- A cancellation by the member or by the payment timeout refunds with no staff user.
alter table order_refund alter column created_by drop not null;

-- Orders count in insights when they are paid, not when placed (an unpaid order may time out).
update insight_fact set kind = 'ORDER_PAID' where kind = 'ORDER_PLACED';

-- A service request (a repair) has no lines and, when it is free, no payment method.
alter table service_order alter column payment_method drop not null;
