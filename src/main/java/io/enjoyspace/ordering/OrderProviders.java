package io.enjoyspace.ordering;

/**
 * Whether a provider may be given an order, answered by the module that onboards providers, so that ordering depends
 * on nothing there.
 */
public interface OrderProviders {

    /** True when {@code providerId} is one of the operator's providers, active and certified today. */
    boolean canFulfil(long operatorId, long providerId);
}
