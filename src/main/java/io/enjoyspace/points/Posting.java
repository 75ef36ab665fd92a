package io.enjoyspace.points;

/** One side of a transaction: points into (positive) or out of (negative) an account. */
public record Posting(Account account, long points) {}
