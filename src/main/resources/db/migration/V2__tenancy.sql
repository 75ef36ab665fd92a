-- Operators are the SaaS tenants; every other business row belongs to exactly one of them.
create table operator (
    id         bigint generated always as identity primary key,
    code       text        not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
    name       text        not null check (length(name) between 1 and 200),
    currency   char(3)     not null default 'CNY',
    time_zone  text        not null default 'Asia/Shanghai',
    created_at timestamptz not null default now()
);

create table site (
    id              bigint generated always as identity primary key,
    operator_id     bigint      not null references operator (id),
    name            text        not null check (length(name) between 1 and 200),
    kind            text        not null check (kind in ('OFFICE_TOWER', 'INDUSTRIAL_PARK', 'COWORKING', 'MALL', 'RESIDENTIAL')),
    address         text,
    invitation_code text        not null unique,
    created_at      timestamptz not null default now(),
    unique (operator_id, id)
);

create table enterprise (
    id                       bigint generated always as identity primary key,
    operator_id              bigint      not null references operator (id),
    site_id                  bigint      not null,
    name                     text        not null check (length(name) between 1 and 200),
    industry                 text        not null,
    size_band                text        not null check (size_band in ('MICRO', 'SMALL', 'MEDIUM', 'LARGE')),
    headcount                integer     not null check (headcount >= 0),
    lease_monthly_rent_minor bigint      not null check (lease_monthly_rent_minor >= 0),
    lease_starts_on          date        not null,
    lease_ends_on            date        not null,
    invitation_code          text        not null unique,
    created_at               timestamptz not null default now(),
    unique (operator_id, id),
    foreign key (operator_id, site_id) references site (operator_id, id),
    check (lease_ends_on >= lease_starts_on)
);

create table member (
    id            bigint generated always as identity primary key,
    operator_id   bigint      not null references operator (id),
    site_id       bigint      not null,
    enterprise_id bigint,
    name          text        not null check (length(name) between 1 and 100),
    mobile        text        not null check (mobile ~ '^\+?[0-9]{6,20}$'),
    email         text,
    registered_on date        not null,
    created_at    timestamptz not null default now(),
    unique (operator_id, id),
    unique (operator_id, mobile),
    foreign key (operator_id, site_id) references site (operator_id, id),
    foreign key (operator_id, enterprise_id) references enterprise (operator_id, id)
);
create index member_enterprise_idx on member (operator_id, enterprise_id);
