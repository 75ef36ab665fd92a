create table service_category (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null references operator (id),
    name        text        not null check (length(name) between 1 and 100),
    kind        text        not null check (kind in ('OFFICE', 'LIFESTYLE', 'ENTERPRISE')),
    created_at  timestamptz not null default now(),
    unique (operator_id, id),
    unique (operator_id, name)
);

create table offering (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null references operator (id),
    category_id bigint      not null,
    name        text        not null check (length(name) between 1 and 200),
    description text        not null default '',
    price_minor bigint      not null check (price_minor >= 0),
    currency    char(3)     not null,
    active      boolean     not null default true,
    created_at  timestamptz not null default now(),
    unique (operator_id, id),
    foreign key (operator_id, category_id) references service_category (operator_id, id)
);
create index offering_category_idx on offering (operator_id, category_id);
