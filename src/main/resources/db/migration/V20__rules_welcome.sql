-- "Register for points": a welcome bonus for every member who joins.
create table welcome_program (
    operator_id          bigint primary key references operator (id),
    enabled              boolean not null default true,
    registration_points  integer not null check (registration_points between 0 and 100000)
);
