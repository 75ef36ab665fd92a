package io.enjoyspace.insights;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboard's figures computed again the plain way, from the raw rows (facts, members, enterprises, leases, sites)
 * loaded into memory: what the rollups must agree with.
 */
final class IndependentFigures {

    record RawFact(
            String kind,
            Long memberId,
            long siteId,
            long enterpriseId,
            long amountMinor,
            long points,
            Integer stars,
            Boolean onTime,
            LocalDate day) {}

    record RawMember(long id, long siteId, Long enterpriseId, LocalDate registeredOn) {}

    record RawEnterprise(long id, long siteId, int headcount) {}

    record RawLease(
            Long id,
            long enterpriseId,
            long siteId,
            LocalDate startsOn,
            LocalDate endsOn,
            long rentMinor,
            long area,
            boolean renewed) {}

    private final List<RawFact> facts;
    private final List<RawMember> members;
    private final List<RawEnterprise> enterprises;
    private final List<RawLease> leases;
    private final Map<Long, Integer> capacity;

    IndependentFigures(JdbcClient jdbc, long operatorId) {
        ZoneId zone = ZoneId.of(jdbc.sql("select time_zone from operator where id = ?")
                .param(operatorId)
                .query(String.class)
                .single());
        facts = jdbc.sql("""
                        select kind, member_id, coalesce(site_id, 0) as site_id,
                               coalesce(enterprise_id, 0) as enterprise_id, amount_minor, points, stars, on_time,
                               occurred_at
                        from activity_fact_current where operator_id = ?
                        """)
                .param(operatorId)
                .query((rs, row) -> new RawFact(
                        rs.getString("kind"),
                        (Long) rs.getObject("member_id"),
                        rs.getLong("site_id"),
                        rs.getLong("enterprise_id"),
                        rs.getLong("amount_minor"),
                        rs.getLong("points"),
                        rs.getObject("stars") == null ? null : rs.getInt("stars"),
                        (Boolean) rs.getObject("on_time"),
                        rs.getTimestamp("occurred_at").toInstant().atZone(zone).toLocalDate()))
                .list();
        members = jdbc.sql("select id, site_id, enterprise_id, registered_on from member where operator_id = ?")
                .param(operatorId)
                .query((rs, row) -> new RawMember(
                        rs.getLong("id"),
                        rs.getLong("site_id"),
                        (Long) rs.getObject("enterprise_id"),
                        rs.getDate("registered_on").toLocalDate()))
                .list();
        enterprises = jdbc.sql("select id, site_id, headcount from enterprise where operator_id = ?")
                .param(operatorId)
                .query((rs, row) -> new RawEnterprise(rs.getLong("id"), rs.getLong("site_id"), rs.getInt("headcount")))
                .list();
        List<RawLease> rows = jdbc.sql("""
                        select id, enterprise_id, site_id, starts_on, ends_on, monthly_rent_minor, area_sqm
                        from lease where operator_id = ?
                        """)
                .param(operatorId)
                .query((rs, row) -> new RawLease(
                        rs.getLong("id"),
                        rs.getLong("enterprise_id"),
                        rs.getLong("site_id"),
                        rs.getDate("starts_on").toLocalDate(),
                        rs.getDate("ends_on").toLocalDate(),
                        rs.getLong("monthly_rent_minor"),
                        rs.getLong("area_sqm"),
                        false))
                .list();
        Set<Long> renewedIds = new HashSet<>(
                jdbc.sql("select renewed_from from lease where operator_id = ? and renewed_from is not null")
                        .param(operatorId)
                        .query(Long.class)
                        .list());
        leases = rows.stream()
                .map(lease -> new RawLease(
                        lease.id(),
                        lease.enterpriseId(),
                        lease.siteId(),
                        lease.startsOn(),
                        lease.endsOn(),
                        lease.rentMinor(),
                        lease.area(),
                        renewedIds.contains(lease.id())))
                .toList();
        capacity = new HashMap<>();
        jdbc.sql("select id, capacity_area_sqm from site where operator_id = ? and capacity_area_sqm is not null")
                .param(operatorId)
                .query((rs, row) -> capacity.put(rs.getLong("id"), rs.getInt("capacity_area_sqm")))
                .list();
    }

    int factCount() {
        return facts.size();
    }

    InsightFigures figures(InsightFilter filter) {
        Predicate<RawFact> where = fact -> (filter.siteId() == null || fact.siteId() == filter.siteId())
                && (filter.enterpriseId() == null || fact.enterpriseId() == filter.enterpriseId());
        List<RawFact> period = facts.stream()
                .filter(where)
                .filter(fact ->
                        !fact.day().isBefore(filter.from()) && !fact.day().isAfter(filter.to()))
                .toList();
        long orders = count(period, "ORDER_PAID");
        long gmv = amount(period, "ORDER_PAID");
        long valueAdded = amount(period, "ORDER_COMPLETED") - amount(period, "ORDER_REFUNDED");
        long rent = 0;
        for (RawLease lease : leases(filter)) {
            if (!lease.startsOn().isAfter(filter.to()) && !lease.endsOn().isBefore(filter.from())) {
                LocalDate first = lease.startsOn().isAfter(filter.from()) ? lease.startsOn() : filter.from();
                LocalDate last = lease.endsOn().isBefore(filter.to()) ? lease.endsOn() : filter.to();
                rent += lease.rentMinor() * 12 * (ChronoUnit.DAYS.between(first, last) + 1);
            }
        }
        rent /= 365;
        Set<Long> leased = leases(filter).stream()
                .filter(lease -> !lease.startsOn().isAfter(filter.to())
                        && !lease.endsOn().isBefore(filter.to()))
                .map(RawLease::enterpriseId)
                .collect(Collectors.toSet());
        long headcount = enterprises.stream()
                .filter(enterprise -> leased.contains(enterprise.id()))
                .mapToLong(RawEnterprise::headcount)
                .sum();
        long registered = members.stream()
                .filter(member -> !member.registeredOn().isAfter(filter.to()))
                .filter(member -> member.enterpriseId() != null && leased.contains(member.enterpriseId()))
                .count();
        long allMembers = members.stream()
                .filter(member -> !member.registeredOn().isAfter(filter.to()))
                .filter(member -> filter.siteId() == null || member.siteId() == filter.siteId())
                .filter(member ->
                        filter.enterpriseId() == null || filter.enterpriseId().equals(member.enterpriseId()))
                .count();
        List<RawFact> active = period.stream()
                .filter(fact -> fact.memberId() != null)
                .filter(fact -> !Set.of("MEMBER_REGISTERED", "POINTS_ISSUED", "POINTS_EXPIRED")
                        .contains(fact.kind()))
                .toList();
        long activeMembers = active.stream().map(RawFact::memberId).distinct().count();
        long memberDays = active.stream()
                .map(fact -> fact.memberId() + "@" + fact.day())
                .distinct()
                .count();
        LocalDate monthStart = filter.to().withDayOfMonth(1);
        long monthly = facts.stream()
                .filter(where)
                .filter(fact -> fact.memberId() != null)
                .filter(fact -> !Set.of("MEMBER_REGISTERED", "POINTS_ISSUED", "POINTS_EXPIRED")
                        .contains(fact.kind()))
                .filter(fact -> !fact.day().isBefore(monthStart) && fact.day().isBefore(monthStart.plusMonths(1)))
                .map(RawFact::memberId)
                .distinct()
                .count();
        long ordering = period.stream()
                .filter(fact -> fact.kind().equals("ORDER_PAID"))
                .map(RawFact::memberId)
                .distinct()
                .count();
        long issued = points(period, "POINTS_ISSUED");
        long redeemed = points(period, "POINTS_REDEEMED");
        long expired = points(period, "POINTS_EXPIRED");
        List<RawFact> before = facts.stream()
                .filter(where)
                .filter(fact -> fact.day().isBefore(filter.from()))
                .toList();
        long outstandingAtStart =
                points(before, "POINTS_ISSUED") - points(before, "POINTS_REDEEMED") - points(before, "POINTS_EXPIRED");
        long ratings = count(period, "ORDER_RATED");
        long stars = period.stream()
                .filter(fact -> fact.kind().equals("ORDER_RATED"))
                .mapToLong(RawFact::stars)
                .sum();
        long completed = count(period, "ORDER_COMPLETED");
        long timed = period.stream()
                .filter(fact -> fact.kind().equals("ORDER_COMPLETED") && fact.onTime() != null)
                .count();
        long onTime = period.stream()
                .filter(fact -> fact.kind().equals("ORDER_COMPLETED") && Boolean.TRUE.equals(fact.onTime()))
                .count();
        List<RawLease> ended = leases(filter).stream()
                .filter(lease -> !lease.endsOn().isBefore(filter.from())
                        && !lease.endsOn().isAfter(filter.to()))
                .toList();
        long renewed = ended.stream().filter(RawLease::renewed).count();
        long siteCapacity = capacity.entrySet().stream()
                .filter(site -> filter.siteId() == null || site.getKey().equals(filter.siteId()))
                .mapToLong(Map.Entry::getValue)
                .sum();
        long leasedArea = leases(filter).stream()
                .filter(lease -> capacity.containsKey(lease.siteId()))
                .filter(lease -> !lease.startsOn().isAfter(filter.to())
                        && !lease.endsOn().isBefore(filter.to()))
                .mapToLong(RawLease::area)
                .sum();
        return new InsightFigures(
                orders,
                gmv,
                valueAdded,
                rent,
                InsightFigures.ratio(valueAdded, rent + valueAdded),
                registered,
                headcount,
                InsightFigures.ratio(registered, headcount),
                activeMembers,
                Math.round(memberDays * 100.0 / filter.days()) / 100.0,
                monthly,
                ordering,
                InsightFigures.ratio(ordering, allMembers),
                issued,
                redeemed,
                expired,
                outstandingAtStart + issued - redeemed - expired,
                InsightFigures.ratio(redeemed, issued),
                InsightFigures.ratio(redeemed, outstandingAtStart + issued),
                ratings,
                InsightFigures.ratio(stars, ratings),
                completed,
                InsightFigures.ratio(onTime, timed),
                ended.size(),
                renewed,
                InsightFigures.ratio(renewed, ended.size()),
                siteCapacity == 0 || filter.enterpriseId() != null
                        ? null
                        : InsightFigures.ratio(siteCapacity - leasedArea, siteCapacity),
                count(period, "RESERVATION_BOOKED"),
                count(period, "RESERVATION_CHECKED_IN"),
                count(period, "OFFERING_VIEW") + count(period, "CATEGORY_VIEW") + count(period, "OFFER_OPEN"),
                count(period, "COUPON_ISSUED"),
                count(period, "COUPON_USED"),
                amount(period, "COUPON_USED"),
                InsightFigures.ratio(count(period, "COUPON_USED"), count(period, "COUPON_ISSUED")),
                count(period, "TIER_UPGRADED"),
                count(period, "TIER_DOWNGRADED"));
    }

    private List<RawLease> leases(InsightFilter filter) {
        return leases.stream()
                .filter(lease -> filter.siteId() == null || lease.siteId() == filter.siteId())
                .filter(lease -> filter.enterpriseId() == null || lease.enterpriseId() == filter.enterpriseId())
                .toList();
    }

    private static long count(List<RawFact> facts, String kind) {
        return facts.stream().filter(fact -> fact.kind().equals(kind)).count();
    }

    private static long amount(List<RawFact> facts, String kind) {
        return facts.stream()
                .filter(fact -> fact.kind().equals(kind))
                .mapToLong(RawFact::amountMinor)
                .sum();
    }

    private static long points(List<RawFact> facts, String kind) {
        return facts.stream()
                .filter(fact -> fact.kind().equals(kind))
                .mapToLong(RawFact::points)
                .sum();
    }
}
