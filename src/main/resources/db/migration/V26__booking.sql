-- Booking: resources (rooms, desks, venues, equipment) with a calendar, booking policies and
-- reservations. Double booking is refused by PostgreSQL itself: an exclusion constraint on the
-- resource and the time range a reservation blocks (its time plus the buffer after it), for the
-- statuses that hold the room.
create extension if not exists btree_gist;

create table booking_resource (
    id                          bigint generated always as identity primary key,
    operator_id                 bigint      not null references operator (id),
    site_id                     bigint      not null,
    type                        text        not null check (type in ('MEETING_ROOM', 'DESK', 'VENUE', 'EQUIPMENT')),
    name                        text        not null check (length(name) between 1 and 200),
    capacity                    integer     not null check (capacity between 1 and 100000),
    amenities                   text[]      not null default '{}',
    floor                       text        check (length(floor) <= 20),
    price_per_hour_minor        bigint      not null check (price_per_hour_minor >= 0),
    min_billable_minutes        integer     not null default 0 check (min_billable_minutes between 0 and 1440),
    peak_price_per_hour_minor   bigint      check (peak_price_per_hour_minor >= 0),
    peak_weekdays               integer[]   not null default '{}',
    peak_starts                 time,
    peak_ends                   time,
    check_in_opens_minutes      integer     not null default 15 check (check_in_opens_minutes between 0 and 1440),
    check_in_closes_minutes     integer     not null default 15 check (check_in_closes_minutes between 0 and 1440),
    active                      boolean     not null default true,
    created_at                  timestamptz not null,
    unique (operator_id, id),
    foreign key (operator_id, site_id) references site (operator_id, id),
    check ((peak_price_per_hour_minor is null) = (peak_starts is null)
           and (peak_starts is null) = (peak_ends is null)),
    check (peak_starts is null or peak_ends > peak_starts)
);
create index booking_resource_site_idx on booking_resource (operator_id, site_id, type);

-- One opening interval per weekday (ISO: 1 = Monday) in the operator's local time; no row = closed.
create table booking_opening_hours (
    operator_id bigint   not null,
    resource_id bigint   not null,
    weekday     smallint not null check (weekday between 1 and 7),
    opens       time     not null,
    closes      time     not null,
    primary key (operator_id, resource_id, weekday),
    foreign key (operator_id, resource_id) references booking_resource (operator_id, id) on delete cascade,
    check (closes > opens)
);

-- A closed date for every resource of a site (public holidays, building maintenance).
create table booking_holiday (
    operator_id bigint not null,
    site_id     bigint not null,
    day         date   not null,
    name        text   not null check (length(name) between 1 and 200),
    primary key (operator_id, site_id, day),
    foreign key (operator_id, site_id) references site (operator_id, id)
);

-- A time range in which one resource cannot be booked, with the reason.
create table booking_blackout (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null,
    resource_id bigint      not null,
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    reason      text        not null check (length(reason) between 1 and 500),
    created_at  timestamptz not null,
    unique (operator_id, id),
    foreign key (operator_id, resource_id) references booking_resource (operator_id, id),
    check (ends_at > starts_at)
);
create index booking_blackout_resource_idx on booking_blackout (resource_id, ends_at);

-- Booking policies, evaluated in position order: for each setting the first matching policy that
-- sets it (a non-null column) wins; the cancellation terms count as one setting.
create table booking_policy (
    id                          bigint generated always as identity primary key,
    operator_id                 bigint      not null references operator (id),
    position                    integer     not null check (position between 0 and 100000),
    name                        text        not null check (length(name) between 1 and 200),
    scope                       text        not null check (scope in ('ALL', 'TIER', 'ENTERPRISE', 'MEMBER')),
    scope_tier_code             text,
    scope_enterprise_id         bigint,
    scope_member_id             bigint,
    resource_type               text        check (resource_type in ('MEETING_ROOM', 'DESK', 'VENUE', 'EQUIPMENT')),
    max_days_ahead              integer     check (max_days_ahead between 0 and 3650),
    min_minutes_ahead           integer     check (min_minutes_ahead between 0 and 525600),
    min_length_minutes          integer     check (min_length_minutes between 1 and 10080),
    max_length_minutes          integer     check (max_length_minutes between 1 and 10080),
    buffer_minutes              integer     check (buffer_minutes between 0 and 1440),
    weekly_quota_hours          integer     check (weekly_quota_hours between 0 and 168),
    approval_required           boolean,
    free_cancel_hours_before    integer     check (free_cancel_hours_before between 0 and 8760),
    partial_refund_percent      integer     check (partial_refund_percent between 0 and 100),
    partial_refund_hours_before integer     check (partial_refund_hours_before between 0 and 8760),
    created_at                  timestamptz not null,
    unique (operator_id, id),
    foreign key (operator_id, scope_enterprise_id) references enterprise (operator_id, id),
    foreign key (operator_id, scope_member_id) references member (operator_id, id),
    check ((scope = 'TIER') = (scope_tier_code is not null)),
    check ((scope = 'ENTERPRISE') = (scope_enterprise_id is not null)),
    check ((scope = 'MEMBER') = (scope_member_id is not null)),
    check ((free_cancel_hours_before is null) = (partial_refund_percent is null)
           and (partial_refund_percent is null) = (partial_refund_hours_before is null)),
    check (partial_refund_hours_before is null or partial_refund_hours_before <= free_cancel_hours_before)
);
create index booking_policy_order_idx on booking_policy (operator_id, position, id);

-- A weekly series booked in one request.
create table booking_recurrence (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null references operator (id),
    resource_id bigint      not null,
    member_id   bigint      not null,
    weeks       integer     not null check (weeks between 1 and 52),
    created_at  timestamptz not null,
    unique (operator_id, id),
    foreign key (operator_id, resource_id) references booking_resource (operator_id, id),
    foreign key (operator_id, member_id) references member (operator_id, id)
);

create table reservation (
    id                          bigint generated always as identity primary key,
    operator_id                 bigint      not null references operator (id),
    resource_id                 bigint      not null,
    member_id                   bigint      not null,
    enterprise_id               bigint,
    recurrence_id               bigint,
    status                      text        not null check (status in ('PENDING_APPROVAL', 'CONFIRMED', 'CHECKED_IN',
                                                                        'COMPLETED', 'CANCELLED', 'RELEASED')),
    starts_at                   timestamptz not null,
    ends_at                     timestamptz not null,
    buffer_minutes              integer     not null check (buffer_minutes >= 0),
    -- The range the room is held for: the reservation and the buffer after it.
    blocked_until               timestamptz not null,
    price_minor                 bigint      not null check (price_minor >= 0),
    currency                    char(3)     not null,
    price_breakdown             jsonb       not null,
    -- The cancellation terms in force when it was booked, kept so that a later policy change does not
    -- change what a member was promised.
    free_cancel_hours_before    integer,
    partial_refund_percent      integer,
    partial_refund_hours_before integer,
    check_in_opens_at           timestamptz not null,
    check_in_closes_at          timestamptz not null,
    booked_by                   bigint      not null references app_user (id),
    override_reason             text        check (length(override_reason) between 3 and 500),
    created_at                  timestamptz not null,
    decided_at                  timestamptz,
    decided_by                  bigint      references app_user (id),
    checked_in_at               timestamptz,
    released_at                 timestamptz,
    cancelled_at                timestamptz,
    cancelled_by                bigint      references app_user (id),
    cancel_reason               text,
    refund_minor                bigint      check (refund_minor >= 0 and refund_minor <= price_minor),
    refund_percent              integer     check (refund_percent between 0 and 100),
    unique (operator_id, id),
    foreign key (operator_id, resource_id) references booking_resource (operator_id, id),
    foreign key (operator_id, member_id) references member (operator_id, id),
    foreign key (operator_id, enterprise_id) references enterprise (operator_id, id),
    foreign key (operator_id, recurrence_id) references booking_recurrence (operator_id, id),
    check (ends_at > starts_at),
    check (blocked_until >= ends_at),
    check ((status = 'CANCELLED') = (cancelled_at is not null)),
    constraint reservation_no_double_booking exclude using gist (
        resource_id with =,
        tstzrange(starts_at, blocked_until) with &&
    ) where (status in ('PENDING_APPROVAL', 'CONFIRMED', 'CHECKED_IN', 'COMPLETED'))
);
create index reservation_member_idx on reservation (operator_id, member_id, starts_at);
create index reservation_day_idx on reservation (operator_id, starts_at);
create index reservation_no_show_idx on reservation (check_in_closes_at) where status = 'CONFIRMED';
create index reservation_pending_idx on reservation (starts_at) where status = 'PENDING_APPROVAL';
create index reservation_finish_idx on reservation (ends_at) where status = 'CHECKED_IN';

-- One row per idempotency key and user: a replay answers the first result.
create table reservation_request (
    operator_id     bigint      not null,
    user_id         bigint      not null references app_user (id),
    idempotency_key text        not null check (length(idempotency_key) between 1 and 100),
    request_hash    text        not null,
    reservation_id  bigint,
    result          jsonb,
    created_at      timestamptz not null,
    primary key (operator_id, user_id, idempotency_key),
    foreign key (operator_id, reservation_id) references reservation (operator_id, id)
);
