-- Providers: third-party service companies that fulfil orders, their staff accounts, API keys and signed webhooks.

-- Provider staff sign in like everyone else, with roles of their own.
alter table app_user drop constraint app_user_role_check;
alter table app_user add constraint app_user_role_check check (role in (
    'PLATFORM_ADMIN', 'OPERATOR_ADMIN', 'OPERATOR_STAFF', 'ENTERPRISE_ADMIN', 'MEMBER', 'PROVIDER_ADMIN', 'PROVIDER_STAFF'));

create table provider (
    id                       bigint generated always as identity primary key,
    operator_id              bigint      not null references operator (id),
    name                     text        not null check (length(name) between 1 and 200),
    legal_name               text        not null check (length(legal_name) between 1 and 200),
    -- The 18-character unified social credit code (统一社会信用代码), when known.
    credit_code              text check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    commission_basis_points  integer     not null check (commission_basis_points between 0 and 10000),
    -- As recorded; a CERTIFIED provider whose certified_until has passed reads as EXPIRED.
    certification            text        not null check (certification in ('NONE', 'PENDING', 'CERTIFIED', 'EXPIRED')),
    certified_until          date,
    status                   text        not null default 'ACTIVE' check (status in ('ACTIVE', 'SUSPENDED')),
    suspended_reason         text,
    suspended_at             timestamptz,
    created_at               timestamptz not null,
    updated_at               timestamptz not null,
    unique (operator_id, id),
    unique (operator_id, name),
    check (certification <> 'CERTIFIED' or certified_until is not null),
    check ((status = 'SUSPENDED') = (suspended_reason is not null))
);

create table provider_contact (
    id          bigint generated always as identity primary key,
    operator_id bigint not null,
    provider_id bigint not null,
    position    integer not null,
    name        text   not null check (length(name) between 1 and 100),
    phone       text   not null check (phone ~ '^\+?[0-9 -]{6,20}$'),
    email       text check (length(email) <= 200),
    foreign key (operator_id, provider_id) references provider (operator_id, id) on delete cascade,
    unique (operator_id, provider_id, position)
);

create table provider_category (
    operator_id bigint not null,
    provider_id bigint not null,
    category_id bigint not null,
    primary key (operator_id, provider_id, category_id),
    foreign key (operator_id, provider_id) references provider (operator_id, id) on delete cascade,
    foreign key (operator_id, category_id) references service_category (operator_id, id)
);

create table provider_site (
    operator_id bigint not null,
    provider_id bigint not null,
    site_id     bigint not null,
    primary key (operator_id, provider_id, site_id),
    foreign key (operator_id, provider_id) references provider (operator_id, id) on delete cascade,
    foreign key (operator_id, site_id) references site (operator_id, id)
);

-- Which sign-in account works for which provider (one provider per account).
create table provider_user (
    operator_id bigint not null,
    provider_id bigint not null,
    user_id     bigint not null unique references app_user (id),
    primary key (operator_id, provider_id, user_id),
    foreign key (operator_id, provider_id) references provider (operator_id, id)
);

-- API keys for the signed provider API. The secret must be readable to verify HMACs, so it is kept encrypted
-- (AES-GCM under enjoyspace.secrets.key), never in plain text.
create table provider_api_key (
    id                bigint generated always as identity primary key,
    operator_id       bigint      not null,
    provider_id       bigint      not null,
    key_id            text        not null unique,
    label             text        not null check (length(label) between 1 and 100),
    secret_ciphertext bytea       not null,
    created_at        timestamptz not null,
    revoked_at        timestamptz,
    last_used_at      timestamptz,
    foreign key (operator_id, provider_id) references provider (operator_id, id)
);
create index provider_api_key_provider_idx on provider_api_key (operator_id, provider_id);

-- Nonces seen per key, kept until their request could no longer pass the timestamp check.
create table provider_request_nonce (
    api_key_id  bigint      not null references provider_api_key (id),
    operator_id bigint      not null,
    nonce       text        not null,
    expires_at  timestamptz not null,
    primary key (api_key_id, nonce)
);
create index provider_request_nonce_expiry_idx on provider_request_nonce (expires_at);

-- Where a provider receives webhooks, and the secret that signs them.
create table provider_webhook_endpoint (
    operator_id       bigint      not null,
    provider_id       bigint      not null,
    url               text        not null check (url ~ '^https?://' and length(url) <= 500),
    secret_ciphertext bytea       not null,
    updated_at        timestamptz not null,
    secret_rotated_at timestamptz not null,
    primary key (operator_id, provider_id),
    foreign key (operator_id, provider_id) references provider (operator_id, id)
);

-- The outbox: written in the transaction of the change it reports, delivered afterwards by the courier.
create table webhook_delivery (
    id               bigint generated always as identity primary key,
    operator_id      bigint      not null,
    provider_id      bigint      not null,
    event_type       text        not null check (length(event_type) between 1 and 100),
    body             text        not null,
    status           text        not null check (status in ('PENDING', 'DELIVERED', 'DEAD')),
    -- Failed attempts since the delivery was last queued; reaching the maximum makes it DEAD.
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    -- The courier that holds the delivery while it is in flight (its lease ends at next_attempt_at).
    claim            uuid,
    created_at       timestamptz not null,
    delivered_at     timestamptz,
    unique (operator_id, id),
    foreign key (operator_id, provider_id) references provider (operator_id, id)
);
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_provider_idx on webhook_delivery (operator_id, provider_id, id desc);

create table webhook_attempt (
    id               bigint generated always as identity primary key,
    operator_id      bigint      not null,
    delivery_id      bigint      not null,
    attempted_at     timestamptz not null,
    url              text,
    status_code      integer,
    latency_millis   bigint      not null,
    response_excerpt text,
    error            text,
    succeeded        boolean     not null,
    foreign key (operator_id, delivery_id) references webhook_delivery (operator_id, id)
);
create index webhook_attempt_delivery_idx on webhook_attempt (operator_id, delivery_id, id);
