package io.enjoyspace.rules;

/**
 * Raises what earning rules award to a member, in percent (100: as the rules say, 150: half as much again), applied
 * before limits and budgets so those still hold. Implemented by the module that owns tiers; without one, nobody earns
 * more.
 */
public interface EarningBoosts {

    int multiplierPercent(long operatorId, long memberId);
}
