-- The price is locked into the order: each line keeps the quote it was sold at (strategy, steps, amounts) and, for a
-- time-based price, the interval. A later price change never alters a placed order. A line's total is the quote's
-- total, which for hourly, tiered or banded prices is not simply unit price × quantity.
alter table order_line drop constraint order_line_check;
alter table order_line
    add column price_breakdown jsonb,
    add column starts_at       timestamptz,
    add column ends_at         timestamptz,
    add column provider_id     bigint;
alter table order_line add constraint order_line_total_check check (line_total_minor >= 0);

-- An order paid at once spends its points in one ledger transaction instead of a hold and its capture.
alter table service_order add column points_transaction_id bigint;
