package io.enjoyspace.points;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator's ledger search: every entry of every transaction, narrowed by whose account it touched (a member, a
 * company pool and, if asked, the company's employees), what caused it (reference type and id), why (reason code) and
 * when (days in the operator's time zone). Each filter given narrows the result further; none given lists the whole
 * ledger, system accounts included, newest first.
 */
@Service
public class PointsLedgerSearch {

    /** The most lines one page holds. */
    public static final int MAX_PAGE_SIZE = 200;

    /** The most lines one download holds. */
    public static final int MAX_DOWNLOAD_LINES = 100_000;

    // Names are looked up this many ids at a time, so a download of many lines stays a few small queries.
    private static final int NAMES_PER_LOOKUP = 1_000;

    private final JdbcClient jdbc;
    private final PointsDirectory directory;
    private final PointsUserDirectory users;

    PointsLedgerSearch(JdbcClient jdbc, PointsDirectory directory, PointsUserDirectory users) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.users = users;
    }

    /**
     * What to look for; null (or blank) means any.
     *
     * @param memberId the member's account and pending points
     * @param enterpriseId the company pool
     * @param includeEmployees with {@code enterpriseId}: the accounts of the company's employees as well
     * @param from the first day, in the operator's time zone
     * @param to the last day, in the operator's time zone
     */
    public record Criteria(
            Long memberId,
            Long enterpriseId,
            boolean includeEmployees,
            String referenceType,
            String referenceId,
            String reasonCode,
            LocalDate from,
            LocalDate to) {

        public Criteria {
            referenceType = code(referenceType);
            referenceId = blankToNull(referenceId);
            reasonCode = code(reasonCode);
        }

        private static String code(String text) {
            String value = blankToNull(text);
            return value == null ? null : value.toUpperCase(Locale.ROOT);
        }

        private static String blankToNull(String text) {
            return text == null || text.isBlank() ? null : text.strip();
        }
    }

    /**
     * One entry: a transaction's change to one account.
     *
     * @param ownerId the member or company, null for the operator's system accounts
     * @param accountName the member's or company's name, null for system accounts
     * @param points signed: positive into the account, negative out of it
     * @param createdBy the name of the person who posted it by hand, null for what the system posted
     */
    public record Line(
            long transactionId,
            Instant occurredAt,
            AccountType accountType,
            Long ownerId,
            String accountName,
            long points,
            String reasonCode,
            String referenceType,
            String referenceId,
            String memo,
            Long createdByUserId,
            String createdBy) {}

    /** One page of lines and how many match in all. */
    public record Result(List<Line> lines, int page, int size, long total) {

        public int pages() {
            return (int) ((total + size - 1) / size);
        }
    }

    /**
     * A page of the lines that match, newest first. A member or company that is not the operator's is not found, so a
     * foreign id reveals nothing.
     */
    @Transactional(readOnly = true)
    public Result search(long operatorId, Criteria criteria, int page, int size) {
        int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        int pageNumber = Math.max(0, page);
        Query query = query(operatorId, criteria);
        long total = jdbc.sql("select count(*) " + query.from())
                .params(query.params())
                .query(Long.class)
                .single();
        List<Line> lines = lines(operatorId, query, (long) pageNumber * pageSize, pageSize);
        return new Result(lines, pageNumber, pageSize, total);
    }

    /** Every line that matches, newest first, up to {@link #MAX_DOWNLOAD_LINES}. */
    @Transactional(readOnly = true)
    public List<Line> download(long operatorId, Criteria criteria) {
        return lines(operatorId, query(operatorId, criteria), 0, MAX_DOWNLOAD_LINES);
    }

    private record Query(String from, Map<String, Object> params) {}

    private Query query(long operatorId, Criteria criteria) {
        if (criteria.memberId() != null && !directory.hasMember(operatorId, criteria.memberId())) {
            throw new NotFoundException();
        }
        if (criteria.enterpriseId() != null && !directory.hasEnterprise(operatorId, criteria.enterpriseId())) {
            throw new NotFoundException();
        }
        if (criteria.from() != null && criteria.to() != null && criteria.from().isAfter(criteria.to())) {
            throw new InvalidInputException("from", "points.ledgerRange");
        }
        StringBuilder sql = new StringBuilder("""
                from points_transaction t
                join points_entry e on e.operator_id = t.operator_id and e.transaction_id = t.id
                join points_account a on a.operator_id = e.operator_id and a.id = e.account_id
                where t.operator_id = :operatorId
                """);
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        if (criteria.memberId() != null) {
            sql.append("and a.owner_type in ('MEMBER', 'PENDING') and a.owner_id = :memberId\n");
            params.put("memberId", criteria.memberId());
        }
        if (criteria.enterpriseId() != null) {
            if (criteria.includeEmployees()) {
                // The employees travel as one array parameter, however many the company has.
                sql.append("""
                        and ((a.owner_type = 'ENTERPRISE' and a.owner_id = :enterpriseId)
                             or (a.owner_type in ('MEMBER', 'PENDING') and a.owner_id = any(cast(:employees as bigint[]))))
                        """);
                params.put("employees", array(directory.employees(operatorId, criteria.enterpriseId())));
            } else {
                sql.append("and a.owner_type = 'ENTERPRISE' and a.owner_id = :enterpriseId\n");
            }
            params.put("enterpriseId", criteria.enterpriseId());
        }
        if (criteria.referenceType() != null) {
            sql.append("and t.reference_type = :referenceType\n");
            params.put("referenceType", criteria.referenceType());
        }
        if (criteria.referenceId() != null) {
            sql.append("and t.reference_id = :referenceId\n");
            params.put("referenceId", criteria.referenceId());
        }
        if (criteria.reasonCode() != null) {
            sql.append("and t.reason_code = :reasonCode\n");
            params.put("reasonCode", criteria.reasonCode());
        }
        ZoneId zone = criteria.from() != null || criteria.to() != null ? directory.timeZone(operatorId) : null;
        if (criteria.from() != null) {
            sql.append("and t.occurred_at >= :fromInstant\n");
            params.put(
                    "fromInstant",
                    Timestamp.from(criteria.from().atStartOfDay(zone).toInstant()));
        }
        if (criteria.to() != null) {
            sql.append("and t.occurred_at < :untilInstant\n");
            params.put(
                    "untilInstant",
                    Timestamp.from(criteria.to().plusDays(1).atStartOfDay(zone).toInstant()));
        }
        return new Query(sql.toString(), params);
    }

    private List<Line> lines(long operatorId, Query query, long offset, int limit) {
        record Row(
                long transactionId,
                Instant occurredAt,
                AccountType accountType,
                Long ownerId,
                long points,
                String reasonCode,
                String referenceType,
                String referenceId,
                String memo,
                Long createdByUserId) {}
        List<Row> rows = jdbc.sql("""
                        select t.id, t.occurred_at, a.owner_type, a.owner_id, e.amount, t.reason_code,
                               t.reference_type, t.reference_id, t.memo, t.created_by_user_id
                        """ + query.from() + """
                        order by t.occurred_at desc, t.id desc, e.id
                        offset :offset limit :limit
                        """)
                .params(query.params())
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, n) -> new Row(
                        rs.getLong("id"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        AccountType.valueOf(rs.getString("owner_type")),
                        Rows.nullableLong(rs, "owner_id"),
                        rs.getLong("amount"),
                        rs.getString("reason_code"),
                        rs.getString("reference_type"),
                        rs.getString("reference_id"),
                        rs.getString("memo"),
                        Rows.nullableLong(rs, "created_by_user_id")))
                .list();

        Set<Long> memberIds = new HashSet<>();
        Set<Long> userIds = new HashSet<>();
        boolean anyEnterprise = false;
        for (Row row : rows) {
            if (row.accountType() == AccountType.ENTERPRISE) {
                anyEnterprise = true;
            } else if (row.ownerId() != null) {
                memberIds.add(row.ownerId());
            }
            if (row.createdByUserId() != null) {
                userIds.add(row.createdByUserId());
            }
        }
        Map<Long, String> memberNames = inChunks(memberIds, ids -> directory.memberNames(operatorId, ids));
        Map<Long, String> userNames = inChunks(userIds, ids -> users.displayNames(operatorId, ids));
        Map<Long, String> enterpriseNames = anyEnterprise ? directory.enterpriseNames(operatorId) : Map.of();

        List<Line> lines = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String accountName = row.ownerId() == null
                    ? null
                    : (row.accountType() == AccountType.ENTERPRISE ? enterpriseNames : memberNames).get(row.ownerId());
            lines.add(new Line(
                    row.transactionId(),
                    row.occurredAt(),
                    row.accountType(),
                    row.ownerId(),
                    accountName,
                    row.points(),
                    row.reasonCode(),
                    row.referenceType(),
                    row.referenceId(),
                    row.memo(),
                    row.createdByUserId(),
                    row.createdByUserId() == null ? null : userNames.get(row.createdByUserId())));
        }
        return lines;
    }

    private static Map<Long, String> inChunks(
            Collection<Long> ids, java.util.function.Function<List<Long>, Map<Long, String>> lookup) {
        Map<Long, String> names = new LinkedHashMap<>();
        List<Long> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += NAMES_PER_LOOKUP) {
            names.putAll(lookup.apply(all.subList(i, Math.min(all.size(), i + NAMES_PER_LOOKUP))));
        }
        return names;
    }

    private static String array(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
