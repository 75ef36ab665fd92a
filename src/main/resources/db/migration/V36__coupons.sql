-- Coupons: templates (what a coupon gives, how many exist, who may hold how many, when they are valid, where they
-- apply), the coupons issued to members, and the money each campaign's coupons have given away.

-- A campaign may carry a money budget for the discounts of its coupons beside its points budget.
alter table campaign add column coupon_budget_minor bigint check (coupon_budget_minor between 1 and 100000000000);

create table coupon_template (
    id                  bigint generated always as identity primary key,
    operator_id         bigint      not null references operator (id),
    name                text        not null check (length(name) between 1 and 100),
    description         text        check (length(description) <= 500),
    kind                text        not null
        check (kind in ('AMOUNT_OFF', 'PERCENT_OFF', 'THRESHOLD', 'FREE_SERVICE', 'FREE_HOURS')),
    amount_off_minor    bigint      check (amount_off_minor between 1 and 100000000),
    percent_off         integer     check (percent_off between 1 and 99),
    cap_minor           bigint      check (cap_minor between 1 and 100000000),
    threshold_minor     bigint      check (threshold_minor between 1 and 1000000000),
    offering_id         bigint,
    resource_type_code  text        check (length(resource_type_code) between 1 and 40),
    free_minutes        integer     check (free_minutes between 1 and 100000),
    -- null: no limit on how many are issued
    total_stock         integer     check (total_stock between 1 and 10000000),
    issued_count        integer     not null default 0 check (issued_count >= 0),
    per_member_limit    integer     not null default 1 check (per_member_limit between 1 and 1000),
    -- validity: from issue for valid_days, or the fixed window valid_from .. valid_to, or both (the earlier end wins)
    valid_days          integer     check (valid_days between 1 and 3650),
    valid_from          timestamptz,
    valid_to            timestamptz,
    category_ids        bigint[]    not null default '{}',
    offering_ids        bigint[]    not null default '{}',
    site_ids            bigint[]    not null default '{}',
    stacks_with_points  boolean     not null default true,
    stacks_with_coupons boolean     not null default false,
    claimable           boolean     not null default true,
    campaign_id         bigint,
    status              text        not null default 'ACTIVE' check (status in ('ACTIVE', 'PAUSED')),
    created_at          timestamptz not null,
    unique (operator_id, id),
    unique (operator_id, name),
    foreign key (operator_id, campaign_id) references campaign (operator_id, id),
    constraint coupon_template_stock check (total_stock is null or issued_count <= total_stock),
    constraint coupon_template_validity check (valid_days is not null or valid_to is not null),
    constraint coupon_template_window check (valid_to is null or valid_from is null or valid_to > valid_from),
    constraint coupon_template_terms check (
        (kind = 'AMOUNT_OFF' and amount_off_minor is not null)
        or (kind = 'PERCENT_OFF' and percent_off is not null)
        or (kind = 'THRESHOLD' and amount_off_minor is not null and threshold_minor is not null)
        or (kind = 'FREE_SERVICE' and offering_id is not null)
        or (kind = 'FREE_HOURS' and free_minutes is not null and (offering_id is not null or resource_type_code is not null)))
);
create index coupon_template_campaign_idx on coupon_template (operator_id, campaign_id) where campaign_id is not null;

-- How many coupons of a template each member has received: the row that the per-member limit is guarded on.
create table coupon_holding (
    operator_id bigint  not null,
    template_id bigint  not null,
    member_id   bigint  not null,
    issued      integer not null check (issued >= 0),
    primary key (operator_id, template_id, member_id),
    foreign key (operator_id, template_id) references coupon_template (operator_id, id),
    foreign key (operator_id, member_id) references member (operator_id, id)
);

create table coupon (
    id              bigint generated always as identity primary key,
    operator_id     bigint      not null references operator (id),
    template_id     bigint      not null,
    member_id       bigint      not null,
    code            text        not null check (code ~ '^[A-Z0-9]{12}$'),
    status          text        not null check (status in ('ISSUED', 'REDEEMED', 'EXPIRED')),
    source          text        not null check (source in ('CLAIM', 'GRANT', 'PUSH', 'RULE', 'REWARD', 'LIFECYCLE')),
    -- what issued it, unique per operator, so that a retried issue answers with the coupon issued first
    issue_key       text        not null check (length(issue_key) between 1 and 300),
    request_hash    text        not null,
    issued_by       bigint,
    issued_at       timestamptz not null,
    valid_from      timestamptz not null,
    valid_until     timestamptz not null,
    redeemed_at     timestamptz,
    order_id        bigint,
    redeemed_ref    text,
    discount_minor  bigint      check (discount_minor >= 0),
    unique (operator_id, id),
    unique (operator_id, code),
    unique (operator_id, issue_key),
    foreign key (operator_id, template_id) references coupon_template (operator_id, id),
    foreign key (operator_id, member_id) references member (operator_id, id),
    check (valid_until > valid_from),
    check ((status = 'REDEEMED') = (redeemed_at is not null))
);
create index coupon_member_idx on coupon (operator_id, member_id, status, valid_until);
create index coupon_template_idx on coupon (operator_id, template_id);
create index coupon_order_idx on coupon (operator_id, order_id) where order_id is not null;

-- A push to an audience under one Idempotency-Key: the request it was, to tell a replay from a different push.
create table coupon_push (
    operator_id     bigint      not null references operator (id),
    idempotency_key text        not null check (length(idempotency_key) between 1 and 100),
    request_hash    text        not null,
    template_id     bigint      not null,
    audience        text        not null,
    issued          integer     not null,
    skipped         integer     not null,
    pushed_by       bigint,
    pushed_at       timestamptz not null,
    primary key (operator_id, idempotency_key),
    foreign key (operator_id, template_id) references coupon_template (operator_id, id)
);

-- Discount money given by a campaign's coupons, guarded against the campaign's coupon budget.
create table coupon_campaign_spend (
    operator_id    bigint not null,
    campaign_id    bigint not null,
    discount_minor bigint not null default 0 check (discount_minor >= 0),
    redemptions    bigint not null default 0 check (redemptions >= 0),
    primary key (operator_id, campaign_id),
    foreign key (operator_id, campaign_id) references campaign (operator_id, id)
);

-- A rule may award a coupon instead of points: the rules engine asks the coupons module to issue it.
alter table rule_version add column coupon_template_id bigint;
do $$
declare
    c record;
begin
    for c in select conname from pg_constraint
             where conrelid = 'rule_version'::regclass and contype = 'c'
               and pg_get_constraintdef(oid) like '%action%' and pg_get_constraintdef(oid) like '%''FIXED''%'
    loop
        execute format('alter table rule_version drop constraint %I', c.conname);
    end loop;
end $$;
alter table rule_version
    add constraint rule_version_action check (action in ('FIXED', 'PER_YUAN', 'MULTIPLIER', 'COUPON')),
    add constraint rule_version_points check ((action = 'FIXED') = (points is not null)),
    add constraint rule_version_rate check ((action in ('PER_YUAN', 'MULTIPLIER')) = (rate is not null)),
    add constraint rule_version_coupon check ((action = 'COUPON') = (coupon_template_id is not null));
