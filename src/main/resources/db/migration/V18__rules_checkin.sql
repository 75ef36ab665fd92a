-- Daily check-in: one per member per day in the operator's time zone, points for every day and a
-- bonus on the days of a streak the operator chooses (e.g. day 7 and day 30).
create table checkin_program (
    operator_id     bigint primary key references operator (id),
    enabled         boolean   not null default true,
    points_per_day  integer   not null check (points_per_day between 0 and 10000),
    bonus_days      integer[] not null default '{}',
    bonus_points    integer[] not null default '{}',
    check (cardinality(bonus_days) = cardinality(bonus_points))
);

create table checkin (
    operator_id     bigint  not null references operator (id),
    member_id       bigint  not null,
    day             date    not null,
    streak          integer not null check (streak >= 1),
    points          integer not null check (points >= 0),
    created_at      timestamptz not null,
    primary key (operator_id, member_id, day),
    foreign key (operator_id, member_id) references member (operator_id, id)
);
