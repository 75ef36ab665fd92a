-- Each operator's points policy: whether members may give points to each other, and how many.
create table points_policy (
    operator_id                bigint primary key references operator (id),
    transfers_enabled          boolean not null default true,
    transfer_max_points        bigint  not null default 10000 check (transfer_max_points > 0),
    transfer_daily_max_points  bigint  not null default 20000 check (transfer_daily_max_points > 0)
);
