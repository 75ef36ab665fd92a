package io.enjoyspace.rules;

/**
 * A COUPON rule matched an event: the member is to receive one coupon of the template. Published once per event and
 * rule, in the transaction that stored the event; the coupons module issues it under a key made of the rule and the
 * event key, so a redelivery issues nothing twice.
 */
public record CouponGrantRequested(long operatorId, long memberId, long templateId, long ruleId, String eventKey) {}
