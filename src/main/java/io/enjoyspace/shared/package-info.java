/**
 * The small kernel every module shares: the signed-in {@link io.enjoyspace.shared.Actor}, money, idempotency
 * keys, the clock, problem responses and the web and database plumbing.
 */
package io.enjoyspace.shared;
