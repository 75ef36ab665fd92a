package io.enjoyspace.wallet;

import io.enjoyspace.shared.Money;
import java.time.Instant;
import java.util.List;

/**
 * One page of a member's wallet history, newest first, with the current balance.
 *
 * @param total how many movements match the filter on all pages
 */
public record WalletStatement(Money balance, List<WalletTransaction> items, int page, int size, long total) {

    /**
     * Which movements a statement shows.
     *
     * @param kind only this kind, or all when null
     * @param from only movements at or after this moment, or since the beginning when null
     * @param to only movements before this moment, or up to now when null
     */
    public record Filter(WalletTransactionKind kind, Instant from, Instant to) {

        public static final Filter ALL = new Filter(null, null, null);
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}
