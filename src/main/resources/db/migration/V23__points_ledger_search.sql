-- Ledger search: staff look transactions up by what caused them (an order, a company's allocation …) and list the
-- newest first. Entries are already indexed by account; these serve searches that start from the transaction.
create index points_transaction_reference_idx on points_transaction (operator_id, reference_type, reference_id);
create index points_transaction_occurred_idx on points_transaction (operator_id, occurred_at desc, id desc);
