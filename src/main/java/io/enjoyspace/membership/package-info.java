/**
 * Membership: ordered tiers per operator for members and for companies, qualified by a measure over a window (uses
 * per month, spend over twelve months or growth points earned) and kept or lowered at the end of each month by the
 * operator's policy; tier benefits (earning multiplier, member prices, advance booking, priority service, birthday
 * points); and allowances, a ledger of unit grants (meeting-room minutes, pages, uses, money) that checkout draws on
 * before money. Other modules hear about tier changes through {@link io.enjoyspace.membership.TierChanged}.
 */
package io.enjoyspace.membership;
