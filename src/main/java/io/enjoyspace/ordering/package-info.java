/**
 * Orders from the service supermarket: checkout with an idempotency key, enterprise billing settled with the rent,
 * completion by staff, and the events that award points and feed insights.
 */
package io.enjoyspace.ordering;
