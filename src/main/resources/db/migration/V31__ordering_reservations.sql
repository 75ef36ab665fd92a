-- A paid reservation of a room, desk or venue is an order too: charged when it is confirmed, refunded under its
-- cancellation terms, fulfilled at check-in. It has no catalog line; the order names the reservation.
alter table service_order drop constraint service_order_kind_check;
alter table service_order add constraint service_order_kind_check
    check (kind in ('PURCHASE', 'SERVICE_REQUEST', 'RESERVATION'));
alter table service_order add column reservation_id bigint;
create unique index service_order_reservation_uq on service_order (operator_id, reservation_id)
    where reservation_id is not null;
