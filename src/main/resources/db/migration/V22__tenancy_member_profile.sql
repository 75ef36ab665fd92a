-- What a member tells about themself. Name and email were there from the start; a profile is complete when name,
-- email, job title, birthday and at least one interest are set. profile_completed_at records the first time it was:
-- it is set once, by a guarded update, so the completion is announced once however often the profile changes later.
alter table member
    add column job_title            text check (length(job_title) between 1 and 100),
    add column birthday             date check (birthday >= date '1900-01-01'),
    add column gender               text check (gender in ('FEMALE', 'MALE', 'UNDISCLOSED')),
    add column interests            text[] not null default '{}'
        check (cardinality(interests) <= 8
            and array_position(interests, null) is null
            and interests <@ array['FITNESS', 'DINING', 'TRAVEL', 'PARENTING', 'TECH', 'ARTS', 'FINANCE', 'HEALTH']),
    add column profile_completed_at timestamptz;
