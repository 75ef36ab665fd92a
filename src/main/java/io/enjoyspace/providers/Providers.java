package io.enjoyspace.providers;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Operators;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator's providers: onboarding, certification, suspension, and the certified pool that orders are dispatched
 * to. Certification expiry is read against the operator's today from the injected clock, so no job has to flip it.
 */
@Service
public class Providers {

    private final JdbcClient jdbc;
    private final Operators operators;
    private final Clock clock;

    Providers(JdbcClient jdbc, Operators operators, Clock clock) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.clock = clock;
    }

    @Transactional
    public Provider create(long operatorId, ProviderDetails details) {
        List<InvalidInputException.FieldError> errors = check(operatorId, details);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Instant now = clock.instant();
        long id;
        try {
            id = jdbc.sql("""
                            insert into provider (operator_id, name, legal_name, credit_code, commission_basis_points,
                                                  certification, certified_until, created_at, updated_at)
                            values (:operatorId, :name, :legalName, :creditCode, :commission,
                                    :certification, :certifiedUntil, :now, :now)
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .params(columns(details))
                    .param("now", Timestamp.from(now))
                    .query(Long.class)
                    .single();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("provider.nameTaken", "a provider with this name exists");
        }
        writeChildren(operatorId, id, details);
        return get(operatorId, id);
    }

    /** Replaces everything the operator records about the provider; its status stays as it is. */
    @Transactional
    public Provider update(long operatorId, long id, ProviderDetails details) {
        lock(operatorId, id);
        List<InvalidInputException.FieldError> errors = check(operatorId, details);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        try {
            jdbc.sql("""
                            update provider set name = :name, legal_name = :legalName, credit_code = :creditCode,
                                   commission_basis_points = :commission, certification = :certification,
                                   certified_until = :certifiedUntil, updated_at = :now
                            where operator_id = :operatorId and id = :id
                            """)
                    .params(columns(details))
                    .param("now", Timestamp.from(clock.instant()))
                    .param("operatorId", operatorId)
                    .param("id", id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("provider.nameTaken", "a provider with this name exists");
        }
        for (String table : List.of("provider_contact", "provider_category", "provider_site")) {
            jdbc.sql("delete from " + table + " where operator_id = :operatorId and provider_id = :id")
                    .param("operatorId", operatorId)
                    .param("id", id)
                    .update();
        }
        writeChildren(operatorId, id, details);
        return get(operatorId, id);
    }

    /** Suspends the provider: its API keys are refused until it is reactivated. */
    @Transactional
    public Provider suspend(long operatorId, long id, String reason) {
        if (reason == null || reason.strip().length() < 3 || reason.strip().length() > 500) {
            throw new InvalidInputException("reason", "provider.suspendReason");
        }
        lock(operatorId, id);
        jdbc.sql("""
                        update provider set status = 'SUSPENDED', suspended_reason = :reason, suspended_at = :now,
                               updated_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .param("reason", reason.strip())
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("id", id)
                .update();
        return get(operatorId, id);
    }

    @Transactional
    public Provider reactivate(long operatorId, long id) {
        lock(operatorId, id);
        jdbc.sql("""
                        update provider set status = 'ACTIVE', suspended_reason = null, suspended_at = null,
                               updated_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("id", id)
                .update();
        return get(operatorId, id);
    }

    /** The provider, or 404 when it is unknown or another operator's. */
    public Provider get(long operatorId, long id) {
        return find(operatorId, id).orElseThrow(NotFoundException::new);
    }

    public Optional<Provider> find(long operatorId, long id) {
        return select(operatorId, "and p.id = :id", Map.of("id", id)).stream().findFirst();
    }

    /** All of the operator's providers, by name. */
    public List<Provider> list(long operatorId) {
        return select(operatorId, "", Map.of());
    }

    /**
     * The certified provider pool: active providers whose certificate is valid today, optionally only those that serve
     * a category and a site. Orders are dispatched to providers from this pool.
     */
    public List<Provider> certifiedPool(long operatorId, Long categoryId, Long siteId) {
        return list(operatorId).stream()
                .filter(provider -> provider.active() && provider.certified())
                .filter(provider -> categoryId == null || provider.categoryIds().contains(categoryId))
                .filter(provider -> siteId == null || provider.siteIds().contains(siteId))
                .toList();
    }

    private void lock(long operatorId, long id) {
        jdbc.sql("select id from provider where operator_id = :operatorId and id = :id for update")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Long.class)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    private List<InvalidInputException.FieldError> check(long operatorId, ProviderDetails details) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (details.commissionBasisPoints() == null
                || details.commissionBasisPoints() < 0
                || details.commissionBasisPoints() > 10000) {
            errors.add(new InvalidInputException.FieldError("commissionBasisPoints", "provider.commissionRange"));
        }
        if (details.certification() == CertificationStatus.CERTIFIED && details.certifiedUntil() == null) {
            errors.add(new InvalidInputException.FieldError("certifiedUntil", "provider.certifiedUntilRequired"));
        }
        if (details.contacts() == null || details.contacts().isEmpty()) {
            errors.add(new InvalidInputException.FieldError("contacts", "provider.contactRequired"));
        }
        if (!allBelong(operatorId, "service_category", details.categoryIds())) {
            errors.add(new InvalidInputException.FieldError("categoryIds", "provider.unknownCategory"));
        }
        if (!allBelong(operatorId, "site", details.siteIds())) {
            errors.add(new InvalidInputException.FieldError("siteIds", "provider.unknownSite"));
        }
        return errors;
    }

    private boolean allBelong(long operatorId, String table, List<Long> ids) {
        if (ids == null || ids.isEmpty()) {
            return true;
        }
        LinkedHashSet<Long> distinct = new LinkedHashSet<>(ids);
        long found = jdbc.sql("select count(*) from " + table
                        + " where operator_id = :operatorId and id = any(cast(:ids as bigint[]))")
                .param("operatorId", operatorId)
                .param("ids", array(distinct))
                .query(Long.class)
                .single();
        return found == distinct.size();
    }

    private static String array(java.util.Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    private static Map<String, Object> columns(ProviderDetails details) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("name", details.name().strip());
        columns.put("legalName", details.legalName().strip());
        columns.put(
                "creditCode",
                details.creditCode() == null || details.creditCode().isBlank()
                        ? null
                        : details.creditCode().strip());
        columns.put("commission", details.commissionBasisPoints());
        columns.put("certification", details.certification().name());
        columns.put("certifiedUntil", details.certifiedUntil());
        return columns;
    }

    private void writeChildren(long operatorId, long id, ProviderDetails details) {
        int position = 0;
        for (ProviderDetails.ContactDetails contact : details.contacts()) {
            jdbc.sql("""
                            insert into provider_contact (operator_id, provider_id, position, name, phone, email)
                            values (:operatorId, :id, :position, :name, :phone, :email)
                            """)
                    .param("operatorId", operatorId)
                    .param("id", id)
                    .param("position", position++)
                    .param("name", contact.name().strip())
                    .param("phone", contact.phone().strip())
                    .param(
                            "email",
                            contact.email() == null || contact.email().isBlank()
                                    ? null
                                    : contact.email().strip())
                    .update();
        }
        for (Long categoryId : new LinkedHashSet<>(details.categoryIds())) {
            jdbc.sql("insert into provider_category (operator_id, provider_id, category_id) values (:o, :p, :c)")
                    .param("o", operatorId)
                    .param("p", id)
                    .param("c", categoryId)
                    .update();
        }
        for (Long siteId : new LinkedHashSet<>(details.siteIds())) {
            jdbc.sql("insert into provider_site (operator_id, provider_id, site_id) values (:o, :p, :s)")
                    .param("o", operatorId)
                    .param("p", id)
                    .param("s", siteId)
                    .update();
        }
    }

    private record Row(
            long id,
            long operatorId,
            String name,
            String legalName,
            String creditCode,
            int commissionBasisPoints,
            CertificationStatus certification,
            LocalDate certifiedUntil,
            ProviderStatus status,
            String suspendedReason,
            Instant suspendedAt,
            Instant createdAt) {}

    private List<Provider> select(long operatorId, String condition, Map<String, Object> params) {
        List<Row> rows = jdbc.sql("select p.* from provider p where p.operator_id = :operatorId " + condition
                        + " order by p.name, p.id")
                .param("operatorId", operatorId)
                .params(params)
                .query(Providers::mapRow)
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        String ids = array(rows.stream().map(Row::id).toList());
        Map<Long, List<Provider.Contact>> contacts = new HashMap<>();
        jdbc.sql("""
                        select provider_id, name, phone, email from provider_contact
                        where operator_id = :operatorId and provider_id = any(cast(:ids as bigint[]))
                        order by provider_id, position
                        """).param("operatorId", operatorId).param("ids", ids).query(rs -> {
            contacts.computeIfAbsent(rs.getLong("provider_id"), key -> new ArrayList<>())
                    .add(new Provider.Contact(rs.getString("name"), rs.getString("phone"), rs.getString("email")));
        });
        Map<Long, List<Long>> categories = links(operatorId, "provider_category", "category_id", ids);
        Map<Long, List<Long>> sites = links(operatorId, "provider_site", "site_id", ids);
        LocalDate today = LocalDate.now(clock.withZone(operators.get(operatorId).timeZone()));
        return rows.stream()
                .map(row -> {
                    CertificationStatus certification = row.certification();
                    Long daysLeft = null;
                    if (certification == CertificationStatus.CERTIFIED) {
                        if (row.certifiedUntil().isBefore(today)) {
                            certification = CertificationStatus.EXPIRED;
                        } else {
                            daysLeft = ChronoUnit.DAYS.between(today, row.certifiedUntil());
                        }
                    }
                    return new Provider(
                            row.id(),
                            row.operatorId(),
                            row.name(),
                            row.legalName(),
                            row.creditCode(),
                            List.copyOf(contacts.getOrDefault(row.id(), List.of())),
                            List.copyOf(categories.getOrDefault(row.id(), List.of())),
                            List.copyOf(sites.getOrDefault(row.id(), List.of())),
                            row.commissionBasisPoints(),
                            certification,
                            row.certifiedUntil(),
                            daysLeft,
                            row.status(),
                            row.suspendedReason(),
                            row.suspendedAt(),
                            row.createdAt());
                })
                .toList();
    }

    private Map<Long, List<Long>> links(long operatorId, String table, String column, String ids) {
        Map<Long, List<Long>> links = new HashMap<>();
        jdbc.sql("select provider_id, " + column + " as linked from " + table
                        + " where operator_id = :operatorId and provider_id = any(cast(:ids as bigint[]))"
                        + " order by provider_id, linked")
                .param("operatorId", operatorId)
                .param("ids", ids)
                .query(rs -> {
                    links.computeIfAbsent(rs.getLong("provider_id"), key -> new ArrayList<>())
                            .add(rs.getLong("linked"));
                });
        return links;
    }

    private static Row mapRow(ResultSet rs, int row) throws SQLException {
        Timestamp suspendedAt = rs.getTimestamp("suspended_at");
        java.sql.Date certifiedUntil = rs.getDate("certified_until");
        return new Row(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getString("name"),
                rs.getString("legal_name"),
                rs.getString("credit_code"),
                rs.getInt("commission_basis_points"),
                CertificationStatus.valueOf(rs.getString("certification")),
                certifiedUntil == null ? null : certifiedUntil.toLocalDate(),
                ProviderStatus.valueOf(rs.getString("status")),
                rs.getString("suspended_reason"),
                suspendedAt == null ? null : suspendedAt.toInstant(),
                rs.getTimestamp("created_at").toInstant());
    }
}
