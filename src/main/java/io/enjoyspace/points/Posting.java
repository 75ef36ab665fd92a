package io.enjoyspace.points;

import java.time.Instant;

/**
 * One side of a transaction: points into (positive) or out of (negative) an account. A credit to a member or enterprise
 * account becomes a lot that expires at {@code expiresAt} (null: never), or, with {@code carryExpiry}, lots that keep
 * the expiry dates of the points the same transaction took from another account, so a transfer cannot extend their
 * life.
 */
public record Posting(Account account, long points, Instant expiresAt, boolean carryExpiry) {

    public Posting(Account account, long points) {
        this(account, points, null, false);
    }

    public static Posting credit(Account account, long points, Instant expiresAt) {
        return new Posting(account, points, expiresAt, false);
    }

    public static Posting carryingExpiry(Account account, long points) {
        return new Posting(account, points, null, true);
    }
}
