/**
 * Orders from the service supermarket: checkout with an idempotency key and the payment split (points, the company
 * bill, the member's wallet) with the price locked in; one order state machine with a recorded step per move;
 * refunds that return each part exactly; ratings, return visits and complaints; service requests with photos,
 * service levels and dispatch; paid reservations; company billing statements; and the events that award points,
 * feed insights and reach providers.
 */
package io.enjoyspace.ordering;
