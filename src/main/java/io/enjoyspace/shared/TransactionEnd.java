package io.enjoyspace.shared;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Work tied to the end of the current transaction, for caches that must not outlive or run ahead of it. */
public final class TransactionEnd {

    private TransactionEnd() {}

    /**
     * Runs {@code work} once the current transaction commits (never if it rolls back), or at once outside a
     * transaction: for remembering what only a committed transaction makes true.
     */
    public static void whenCommitted(Runnable work) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    work.run();
                }
            });
        } else {
            work.run();
        }
    }

    /**
     * Runs {@code work} again when the current transaction ends, however it ends (nothing outside a transaction): for
     * forgetting a cache a second time, so that nothing read inside the changing transaction outlives it.
     */
    public static void againWhenFinished(Runnable work) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    work.run();
                }
            });
        }
    }
}
