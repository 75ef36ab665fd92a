package io.enjoyspace.shared;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a transaction has read once and may read again without asking the database: kept until the transaction ends,
 * so it never outlives what the transaction itself can see. A group commit that places many orders in one transaction
 * reads a company's allowance plans once instead of once per order. Outside a transaction every call loads.
 */
public final class TransactionMemo<K, V> {

    private final Object resource = new Object();

    /** {@code key}'s value, loaded by {@code load} the first time this transaction asks for it. */
    @SuppressWarnings("unchecked")
    public V get(K key, Function<K, V> load) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return load.apply(key);
        }
        Map<K, V> known = (Map<K, V>) TransactionSynchronizationManager.getResource(resource);
        if (known == null) {
            Map<K, V> created = new HashMap<>();
            TransactionSynchronizationManager.bindResource(resource, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(resource);
                }
            });
            known = created;
        }
        V value = known.get(key);
        if (value == null) {
            value = load.apply(key);
            known.put(key, value);
        }
        return value;
    }
}
