-- Catalog and pricing: a category tree, richer offerings (kind, fulfilment, lead time, sites, images,
-- publication, popularity and rating summaries) and one pricing plan per offering with tier and
-- enterprise price modifiers.

alter table service_category
    add column parent_id   bigint,
    add column sort_order  integer not null default 0 check (sort_order between -100000 and 100000),
    add column icon        text check (icon is null or length(icon) between 1 and 40),
    add column description text check (description is null or length(description) <= 500),
    add constraint service_category_parent_fk
        foreign key (operator_id, parent_id) references service_category (operator_id, id),
    add constraint service_category_not_own_parent check (parent_id is null or parent_id <> id);
create index service_category_parent_idx on service_category (operator_id, parent_id);

-- active is the published flag: CheckoutDesk sells only active offerings.
alter table offering
    add column kind             text    not null default 'SERVICE'
        check (kind in ('SERVICE', 'RESOURCE_TYPE', 'PRODUCT')),
    add column fulfilment       text    not null default 'OPERATOR' check (fulfilment in ('OPERATOR', 'PROVIDER')),
    -- No foreign key yet: the providers module adds it once the provider table exists.
    add column provider_id      bigint check (provider_id is null or provider_id > 0),
    add column lead_time_hours  integer not null default 0 check (lead_time_hours between 0 and 8760),
    add column pricing_strategy text    not null default 'FIXED'
        check (pricing_strategy in ('FIXED', 'PER_UNIT', 'PER_HOUR', 'TIERED', 'TIME_BANDS')),
    add column pricing_plan     jsonb   not null default '{"strategy":"FIXED"}',
    add column rating_count     bigint  not null default 0 check (rating_count >= 0),
    add column rating_sum       bigint  not null default 0 check (rating_sum >= 0),
    add column sold_count       bigint  not null default 0 check (sold_count >= 0),
    add column updated_at       timestamptz not null default now(),
    add constraint offering_provider_fulfils
        check ((fulfilment = 'PROVIDER') = (provider_id is not null));
create index offering_search_idx on offering (operator_id, active, created_at desc);
create index offering_price_idx on offering (operator_id, price_minor);

create table offering_site (
    operator_id bigint not null,
    offering_id bigint not null,
    site_id     bigint not null,
    primary key (operator_id, offering_id, site_id),
    foreign key (operator_id, offering_id) references offering (operator_id, id) on delete cascade,
    foreign key (operator_id, site_id) references site (operator_id, id)
);
create index offering_site_site_idx on offering_site (operator_id, site_id);

create table offering_image (
    id           bigint generated always as identity primary key,
    operator_id  bigint      not null,
    offering_id  bigint      not null,
    position     integer     not null,
    content_type text        not null check (content_type in ('image/png', 'image/jpeg', 'image/webp')),
    size_bytes   integer     not null check (size_bytes between 1 and 2097152),
    sha256       text        not null,
    bytes        bytea       not null,
    created_at   timestamptz not null default now(),
    foreign key (operator_id, offering_id) references offering (operator_id, id) on delete cascade
);
create index offering_image_offering_idx on offering_image (operator_id, offering_id, position);

-- A modifier is either a percentage off the list price or a fixed unit price, never both.
create table offering_tier_price (
    operator_id      bigint      not null,
    offering_id      bigint      not null,
    tier_code        text        not null check (tier_code ~ '^[A-Za-z0-9_-]{1,40}$'),
    percent_off      integer check (percent_off between 1 and 100),
    unit_price_minor bigint check (unit_price_minor >= 0),
    created_at       timestamptz not null default now(),
    primary key (operator_id, offering_id, tier_code),
    check ((percent_off is null) <> (unit_price_minor is null)),
    foreign key (operator_id, offering_id) references offering (operator_id, id) on delete cascade
);

create table offering_enterprise_price (
    operator_id      bigint      not null,
    offering_id      bigint      not null,
    enterprise_id    bigint      not null,
    percent_off      integer check (percent_off between 1 and 100),
    unit_price_minor bigint check (unit_price_minor >= 0),
    created_at       timestamptz not null default now(),
    primary key (operator_id, offering_id, enterprise_id),
    check ((percent_off is null) <> (unit_price_minor is null)),
    foreign key (operator_id, offering_id) references offering (operator_id, id) on delete cascade,
    foreign key (operator_id, enterprise_id) references enterprise (operator_id, id)
);
