-- Duplicate registrations: one member's points account can be merged into another's. The merged
-- account keeps its history, takes no further postings, and points to where its points went.
alter table points_account add column merged_into_account_id bigint;
alter table points_account add constraint points_account_merged_into_fk
    foreign key (operator_id, merged_into_account_id) references points_account (operator_id, id);
alter table points_account add constraint points_account_not_merged_into_itself
    check (merged_into_account_id is null or merged_into_account_id <> id);
