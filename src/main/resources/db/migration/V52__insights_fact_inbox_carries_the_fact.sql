-- The rollup inbox carries the whole fact: the recorder writes only the inbox line (and the idempotency key), and the
-- aggregator, which takes the lines in batches of thousands every second, writes the facts themselves. The earning
-- path (points facts are written in the ledger's transaction) then pays for one insert instead of three.
alter table insight_fact_inbox add column subject_id text;
alter table insight_fact_inbox add column provider_id bigint;
-- True while the fact is only in the inbox; lines queued before (or by a rebuild) are rollup work only.
alter table insight_fact_inbox add column pending_fact boolean not null default false;
-- What the fact store would refuse is refused here, in the recording transaction, never later by the aggregator.
alter table insight_fact_inbox add constraint insight_fact_inbox_fact_check
    check (not pending_fact or (subject_id is not null and (stars is null or stars between 1 and 5)));

-- Every recorded fact, including those the aggregator has not yet moved out of the inbox (a second or so): for the
-- drill-downs that list facts next to figures that already count the inbox.
create view activity_fact_current as
select id, operator_id, kind, subject_id, member_id, enterprise_id, site_id, offering_id, category_id, provider_id,
       amount_minor, points, stars, on_time, occurred_at
from activity_fact
union all
select null, operator_id, kind, subject_id, member_id, enterprise_id, site_id, offering_id, category_id, provider_id,
       amount_minor, points, stars, on_time, occurred_at
from insight_fact_inbox
where pending_fact;
