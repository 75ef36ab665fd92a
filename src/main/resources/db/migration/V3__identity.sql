-- Sign-in accounts. A platform admin belongs to no operator; everyone else belongs to exactly one.
create table app_user (
    id            bigint generated always as identity primary key,
    operator_id   bigint references operator (id),
    username      text        not null check (username = lower(username) and length(username) between 2 and 64),
    password_hash text        not null,
    display_name  text        not null,
    role          text        not null check (role in ('PLATFORM_ADMIN', 'OPERATOR_ADMIN', 'OPERATOR_STAFF', 'ENTERPRISE_ADMIN', 'MEMBER')),
    member_id     bigint,
    enterprise_id bigint,
    enabled       boolean     not null default true,
    created_at    timestamptz not null default now(),
    unique (username),
    check ((role = 'PLATFORM_ADMIN') = (operator_id is null)),
    check (role <> 'MEMBER' or member_id is not null),
    check (role <> 'ENTERPRISE_ADMIN' or enterprise_id is not null),
    foreign key (operator_id, member_id) references member (operator_id, id),
    foreign key (operator_id, enterprise_id) references enterprise (operator_id, id)
);
create unique index app_user_member_uq on app_user (operator_id, member_id) where member_id is not null;

-- Bearer tokens for API clients; only a hash of the token is stored.
create table api_token (
    token_hash  bytea primary key,
    user_id     bigint      not null references app_user (id),
    issued_at   timestamptz not null,
    expires_at  timestamptz not null
);
create index api_token_user_idx on api_token (user_id);

-- Failed sign-ins, kept per username (known or not) to throttle guessing across every app node.
create table login_failure (
    username  text        not null,
    failed_at timestamptz not null
);
create index login_failure_username_idx on login_failure (username, failed_at);
