package io.enjoyspace.catalog;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import io.enjoyspace.shared.TransactionLocks;
import io.enjoyspace.tenancy.Operators;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Categories and offerings of one operator. Other modules look offerings up here ({@link #findOffering}), price them
 * with {@link Pricing}, and report sales and ratings back ({@link #recordSale}, {@link #recordRating}).
 */
@Service
public class Catalog {

    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_SITES = 50;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String OFFERING_SELECT = """
            select o.*, c.name as category_name,
                   array(select s.site_id from offering_site s
                         where s.operator_id = o.operator_id and s.offering_id = o.id order by s.site_id) as site_ids,
                   array(select i.id from offering_image i
                         where i.operator_id = o.operator_id and i.offering_id = o.id order by i.position, i.id) as image_ids
            from offering o
            join service_category c on c.operator_id = o.operator_id and c.id = o.category_id
            """;

    private final JdbcClient jdbc;
    private final Operators operators;
    private final Clock clock;

    Catalog(JdbcClient jdbc, Operators operators, Clock clock) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- categories

    /**
     * A category to create or the new state of one. {@code kind} is required for a root and ignored below one (a
     * child takes its root's aisle).
     */
    public record CategoryDraft(
            String name, CategoryKind kind, Long parentId, int sortOrder, String icon, String description) {}

    @Transactional
    public Category createCategory(long operatorId, String name, CategoryKind kind) {
        return createCategory(operatorId, new CategoryDraft(name, kind, null, 0, null, null));
    }

    @Transactional
    public Category createCategory(long operatorId, CategoryDraft draft) {
        CategoryKind kind = kindFor(operatorId, draft);
        try {
            long id = jdbc.sql("""
                            insert into service_category (operator_id, name, kind, parent_id, sort_order, icon, description)
                            values (:operatorId, :name, :kind, :parentId, :sortOrder, :icon, :description)
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .param("name", draft.name().strip())
                    .param("kind", kind.name())
                    .param("parentId", draft.parentId())
                    .param("sortOrder", draft.sortOrder())
                    .param("icon", blankToNull(draft.icon()))
                    .param("description", blankToNull(draft.description()))
                    .query(Long.class)
                    .single();
            return category(operatorId, id);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("catalog.categoryExists", "a category with this name exists");
        }
    }

    /**
     * Renames, re-describes or moves a category with its whole subtree. Moving it below itself or one of its
     * descendants is refused ({@code parentId}); a subtree that changes aisle takes the new root's kind throughout.
     */
    @Transactional
    public Category updateCategory(long operatorId, long id, CategoryDraft draft) {
        // One tree change at a time per operator: two crossing moves could otherwise close a cycle together.
        TransactionLocks.lock(jdbc, "catalog-tree:" + operatorId);
        Category existing = category(operatorId, id);
        if (draft.parentId() != null && descendantIds(operatorId, id).contains(draft.parentId())) {
            throw new InvalidInputException("parentId", "catalog.categoryCycle");
        }
        CategoryKind kind =
                draft.parentId() == null && draft.kind() == null ? existing.kind() : kindFor(operatorId, draft);
        try {
            jdbc.sql("""
                            update service_category
                            set name = :name, kind = :kind, parent_id = :parentId, sort_order = :sortOrder,
                                icon = :icon, description = :description
                            where operator_id = :operatorId and id = :id
                            """)
                    .param("operatorId", operatorId)
                    .param("id", id)
                    .param("name", draft.name().strip())
                    .param("kind", kind.name())
                    .param("parentId", draft.parentId())
                    .param("sortOrder", draft.sortOrder())
                    .param("icon", blankToNull(draft.icon()))
                    .param("description", blankToNull(draft.description()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("catalog.categoryExists", "a category with this name exists");
        }
        jdbc.sql("update service_category set kind = :kind where operator_id = :operatorId and id in (:ids)")
                .param("kind", kind.name())
                .param("operatorId", operatorId)
                .param("ids", descendantIds(operatorId, id))
                .update();
        return category(operatorId, id);
    }

    private CategoryKind kindFor(long operatorId, CategoryDraft draft) {
        if (draft.parentId() != null) {
            return findCategory(operatorId, draft.parentId())
                    .map(Category::kind)
                    .orElseThrow(() -> new InvalidInputException("parentId", "catalog.unknownParent"));
        }
        if (draft.kind() == null) {
            throw new InvalidInputException("kind", "NotNull");
        }
        return draft.kind();
    }

    /** The category and everything below it. */
    List<Long> descendantIds(long operatorId, long id) {
        return jdbc.sql("""
                        with recursive tree as (
                            select id from service_category where operator_id = :operatorId and id = :id
                            union all
                            select c.id from service_category c join tree t on c.parent_id = t.id
                            where c.operator_id = :operatorId
                        )
                        select id from tree
                        """)
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Long.class)
                .list();
    }

    public Category category(long operatorId, long id) {
        return findCategory(operatorId, id).orElseThrow(NotFoundException::new);
    }

    public Optional<Category> findCategory(long operatorId, long id) {
        return jdbc.sql("select * from service_category where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Catalog::mapCategory)
                .optional();
    }

    /** Every category, flat, by aisle and name. */
    public List<Category> categories(long operatorId) {
        return jdbc.sql("select * from service_category where operator_id = :operatorId order by kind, name")
                .param("operatorId", operatorId)
                .query(Catalog::mapCategory)
                .list();
    }

    /** The categories as a tree: roots by aisle, siblings by sort order then name. */
    public List<CategoryNode> categoryTree(long operatorId) {
        List<Category> all = jdbc.sql(
                        "select * from service_category where operator_id = :operatorId order by sort_order, name")
                .param("operatorId", operatorId)
                .query(Catalog::mapCategory)
                .list();
        Map<Long, List<Category>> children = new LinkedHashMap<>();
        List<Category> roots = new ArrayList<>();
        for (Category category : all) {
            if (category.parentId() == null) {
                roots.add(category);
            } else {
                children.computeIfAbsent(category.parentId(), parent -> new ArrayList<>())
                        .add(category);
            }
        }
        roots.sort(java.util.Comparator.comparing(Category::kind));
        return roots.stream().map(root -> node(root, 0, children)).toList();
    }

    private static CategoryNode node(Category category, int depth, Map<Long, List<Category>> children) {
        return new CategoryNode(
                category,
                depth,
                children.getOrDefault(category.id(), List.of()).stream()
                        .map(child -> node(child, depth + 1, children))
                        .toList());
    }

    // ---------------------------------------------------------------- offerings

    /** A new offering with a fixed price, published at once, in the operator's currency. */
    public record NewOffering(long categoryId, String name, String description, long priceMinor) {}

    /**
     * An offering to create or the new state of one.
     *
     * @param priceMinor the list price (see {@link PricingStrategy}); TIERED may leave it null to take its first
     *     bracket's price
     * @param pricing null for FIXED
     * @param siteIds empty for every site
     */
    public record OfferingDraft(
            long categoryId,
            String name,
            String description,
            OfferingKind kind,
            Fulfilment fulfilment,
            Long providerId,
            int leadTimeHours,
            Long priceMinor,
            PricingPlan pricing,
            Collection<Long> siteIds,
            boolean published) {

        public static OfferingDraft of(NewOffering offering) {
            return new OfferingDraft(
                    offering.categoryId(),
                    offering.name(),
                    offering.description(),
                    OfferingKind.SERVICE,
                    Fulfilment.OPERATOR,
                    null,
                    0,
                    offering.priceMinor(),
                    PricingPlan.fixed(),
                    List.of(),
                    true);
        }
    }

    @Transactional
    public Offering createOffering(long operatorId, NewOffering offering) {
        return createOffering(operatorId, OfferingDraft.of(offering));
    }

    @Transactional
    public Offering createOffering(long operatorId, OfferingDraft draft) {
        PricingPlan plan = validate(operatorId, draft);
        long id;
        try {
            id = jdbc.sql("""
                            insert into offering (operator_id, category_id, name, description, price_minor, currency, active,
                                                  kind, fulfilment, provider_id, lead_time_hours, pricing_strategy,
                                                  pricing_plan, created_at, updated_at)
                            values (:operatorId, :categoryId, :name, :description, :price, :currency, :published,
                                    :kind, :fulfilment, :providerId, :leadTime, :strategy,
                                    cast(:plan as jsonb), :now, :now)
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .param("currency", operators.get(operatorId).currency())
                    .param("now", java.sql.Timestamp.from(clock.instant()))
                    .params(offeringParams(draft, plan))
                    .query(Long.class)
                    .single();
        } catch (DataIntegrityViolationException e) {
            // The composite foreign key refuses a category of another operator just as an unknown one.
            throw new InvalidInputException("categoryId", "catalog.unknownCategory");
        }
        replaceSites(operatorId, id, draft.siteIds());
        return offering(operatorId, id);
    }

    @Transactional
    public Offering updateOffering(long operatorId, long id, OfferingDraft draft) {
        offering(operatorId, id);
        PricingPlan plan = validate(operatorId, draft);
        try {
            jdbc.sql("""
                            update offering
                            set category_id = :categoryId, name = :name, description = :description, price_minor = :price,
                                active = :published, kind = :kind, fulfilment = :fulfilment, provider_id = :providerId,
                                lead_time_hours = :leadTime, pricing_strategy = :strategy,
                                pricing_plan = cast(:plan as jsonb), updated_at = :now
                            where operator_id = :operatorId and id = :id
                            """)
                    .param("operatorId", operatorId)
                    .param("id", id)
                    .param("now", java.sql.Timestamp.from(clock.instant()))
                    .params(offeringParams(draft, plan))
                    .update();
        } catch (DataIntegrityViolationException e) {
            throw new InvalidInputException("categoryId", "catalog.unknownCategory");
        }
        replaceSites(operatorId, id, draft.siteIds());
        return offering(operatorId, id);
    }

    private static Map<String, Object> offeringParams(OfferingDraft draft, PricingPlan plan) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("categoryId", draft.categoryId());
        params.put("name", draft.name().strip());
        params.put(
                "description",
                draft.description() == null ? "" : draft.description().strip());
        params.put("price", plan.impliedListPrice(draft.priceMinor()));
        params.put("published", draft.published());
        params.put("kind", kindOf(draft).name());
        params.put("fulfilment", fulfilmentOf(draft).name());
        params.put("providerId", fulfilmentOf(draft) == Fulfilment.PROVIDER ? draft.providerId() : null);
        params.put("leadTime", draft.leadTimeHours());
        params.put("strategy", plan.strategy().name());
        params.put("plan", JSON.writeValueAsString(plan));
        return params;
    }

    private static OfferingKind kindOf(OfferingDraft draft) {
        return draft.kind() == null ? OfferingKind.SERVICE : draft.kind();
    }

    private static Fulfilment fulfilmentOf(OfferingDraft draft) {
        return draft.fulfilment() == null ? Fulfilment.OPERATOR : draft.fulfilment();
    }

    /** Checks the draft and answers its pricing plan as stored; every problem is named at once. */
    private PricingPlan validate(long operatorId, OfferingDraft draft) {
        PricingPlan plan = (draft.pricing() == null ? PricingPlan.fixed() : draft.pricing()).normalised();
        List<FieldError> errors = new ArrayList<>(plan.validate("pricing", draft.priceMinor()));
        if (fulfilmentOf(draft) == Fulfilment.PROVIDER && (draft.providerId() == null || draft.providerId() <= 0)) {
            errors.add(new FieldError("providerId", "catalog.providerRequired"));
        }
        if (draft.leadTimeHours() < 0 || draft.leadTimeHours() > 8760) {
            errors.add(new FieldError("leadTimeHours", "catalog.leadTime"));
        }
        Collection<Long> sites = draft.siteIds() == null ? List.of() : draft.siteIds();
        if (sites.size() > MAX_SITES) {
            errors.add(new FieldError("siteIds", "catalog.unknownSite"));
        } else if (!sites.isEmpty()) {
            long known = jdbc.sql("select count(*) from site where operator_id = :operatorId and id in (:ids)")
                    .param("operatorId", operatorId)
                    .param("ids", new TreeSet<>(sites))
                    .query(Long.class)
                    .single();
            if (known != new TreeSet<>(sites).size()) {
                errors.add(new FieldError("siteIds", "catalog.unknownSite"));
            }
        }
        if (findCategory(operatorId, draft.categoryId()).isEmpty()) {
            errors.add(new FieldError("categoryId", "catalog.unknownCategory"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return plan;
    }

    private void replaceSites(long operatorId, long offeringId, Collection<Long> siteIds) {
        jdbc.sql("delete from offering_site where operator_id = :operatorId and offering_id = :offeringId")
                .param("operatorId", operatorId)
                .param("offeringId", offeringId)
                .update();
        if (siteIds == null) {
            return;
        }
        for (Long siteId : new TreeSet<>(siteIds)) {
            jdbc.sql(
                            "insert into offering_site (operator_id, offering_id, site_id) values (:operatorId, :offeringId, :siteId)")
                    .param("operatorId", operatorId)
                    .param("offeringId", offeringId)
                    .param("siteId", siteId)
                    .update();
        }
    }

    /** Shows an offering to members and lets them order it, or takes it off sale. */
    @Transactional
    public Offering publish(long operatorId, long id, boolean published) {
        int updated = jdbc.sql("""
                        update offering set active = :published, updated_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .param("published", published)
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("id", id)
                .update();
        if (updated == 0) {
            throw new NotFoundException();
        }
        return offering(operatorId, id);
    }

    public Offering offering(long operatorId, long id) {
        return findOffering(operatorId, id).orElseThrow(NotFoundException::new);
    }

    public Optional<Offering> findOffering(long operatorId, long id) {
        return jdbc.sql(OFFERING_SELECT + " where o.operator_id = :operatorId and o.id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Catalog::mapOffering)
                .optional();
    }

    /** Offerings, optionally of one category (not its sub-categories), by aisle, category and price. */
    public List<Offering> offerings(long operatorId, Long categoryId, boolean activeOnly) {
        return jdbc.sql(OFFERING_SELECT + """
                         where o.operator_id = :operatorId
                           and (cast(:categoryId as bigint) is null or o.category_id = :categoryId)
                           and (o.active or not :activeOnly)
                         order by c.kind, c.name, o.price_minor, o.id
                        """)
                .param("operatorId", operatorId)
                .param("categoryId", categoryId)
                .param("activeOnly", activeOnly)
                .query(Catalog::mapOffering)
                .list();
    }

    /** How search results are ordered; null keeps the shelf order (aisle, category, price). */
    public enum SearchOrder {
        POPULARITY("o.sold_count desc, o.rating_count desc, o.id desc"),
        RATING("case when o.rating_count = 0 then null else o.rating_sum::numeric / o.rating_count end desc nulls last,"
                + " o.rating_count desc, o.id desc"),
        PRICE("o.price_minor, o.id"),
        NEWEST("o.created_at desc, o.id desc");

        private final String sql;

        SearchOrder(String sql) {
            this.sql = sql;
        }
    }

    /**
     * What to search for; every criterion is optional.
     *
     * @param text words in the name, description or category name (case-insensitive)
     * @param categoryId this category and all below it
     * @param siteId offered at this site (an offering without sites is offered everywhere)
     * @param minRating the lowest average rating, 0 to 5; unrated offerings never pass it
     * @param page from 0
     */
    public record OfferingSearch(
            String text,
            Long categoryId,
            Long siteId,
            Long minPriceMinor,
            Long maxPriceMinor,
            BigDecimal minRating,
            OfferingKind kind,
            SearchOrder order,
            boolean publishedOnly,
            int page,
            int size) {}

    /** One page of matching offerings and how many match in all. */
    public record OfferingPage(List<Offering> offerings, int page, int size, long total) {

        public int pages() {
            return (int) ((total + size - 1) / size);
        }
    }

    /** Searches in one query: the category subtree, the filters, the order and the total together. */
    public OfferingPage search(long operatorId, OfferingSearch search) {
        List<FieldError> errors = new ArrayList<>();
        if (search.minPriceMinor() != null && search.minPriceMinor() < 0) {
            errors.add(new FieldError("minPriceMinor", "validation.notNegative"));
        }
        if (search.maxPriceMinor() != null
                && search.maxPriceMinor() < (search.minPriceMinor() == null ? 0 : search.minPriceMinor())) {
            errors.add(new FieldError("maxPriceMinor", "catalog.priceRangeOrder"));
        }
        if (search.minRating() != null
                && (search.minRating().signum() < 0 || search.minRating().compareTo(BigDecimal.valueOf(5)) > 0)) {
            errors.add(new FieldError("minRating", "catalog.ratingRange"));
        }
        if (search.text() != null && search.text().length() > 100) {
            errors.add(new FieldError("q", "Size"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        int size = Math.max(1, Math.min(search.size(), MAX_PAGE_SIZE));
        int page = Math.max(0, search.page());
        String text = search.text() == null || search.text().isBlank()
                ? null
                : search.text().strip();
        String order = search.order() == null ? "c.kind, c.name, o.price_minor, o.id" : search.order().sql;
        List<Long> totals = new ArrayList<>();
        List<Offering> found = jdbc.sql("""
                        with recursive wanted as (
                            select id from service_category where operator_id = :operatorId and id = :categoryId
                            union all
                            select c.id from service_category c join wanted w on c.parent_id = w.id
                            where c.operator_id = :operatorId
                        ),
                        matching as (
                        """ + OFFERING_SELECT + """
                        where o.operator_id = :operatorId
                          and (o.active or not :publishedOnly)
                          and (cast(:categoryId as bigint) is null or o.category_id in (select id from wanted))
                          and (cast(:pattern as text) is null
                               or o.name ilike :pattern or o.description ilike :pattern or c.name ilike :pattern)
                          and (cast(:siteId as bigint) is null
                               or not exists (select 1 from offering_site s
                                              where s.operator_id = o.operator_id and s.offering_id = o.id)
                               or exists (select 1 from offering_site s
                                          where s.operator_id = o.operator_id and s.offering_id = o.id
                                            and s.site_id = :siteId))
                          and (cast(:minPrice as bigint) is null or o.price_minor >= :minPrice)
                          and (cast(:maxPrice as bigint) is null or o.price_minor <= :maxPrice)
                          and (cast(:minRating as numeric) is null
                               or (o.rating_count > 0 and o.rating_sum >= cast(:minRating as numeric) * o.rating_count))
                          and (cast(:kind as text) is null or o.kind = :kind)
                        )
                        select o.*, count(*) over () as total from matching o
                        join service_category c on c.operator_id = o.operator_id and c.id = o.category_id
                        order by """ + " " + order + """

                        limit :size offset :offset
                        """)
                .param("operatorId", operatorId)
                .param("publishedOnly", search.publishedOnly())
                .param("categoryId", search.categoryId())
                .param("pattern", text == null ? null : "%" + escapeLike(text) + "%")
                .param("siteId", search.siteId())
                .param("minPrice", search.minPriceMinor())
                .param("maxPrice", search.maxPriceMinor())
                .param("minRating", search.minRating())
                .param("kind", search.kind() == null ? null : search.kind().name())
                .param("size", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> {
                    if (row == 0) {
                        totals.add(rs.getLong("total"));
                    }
                    return mapOffering(rs, row);
                })
                .list();
        long total = totals.isEmpty() ? 0 : totals.get(0);
        if (found.isEmpty() && page > 0) {
            // Past the last page the window has no row to carry the total; ask again for the first page's.
            total = search(
                            operatorId,
                            new OfferingSearch(
                                    search.text(),
                                    search.categoryId(),
                                    search.siteId(),
                                    search.minPriceMinor(),
                                    search.maxPriceMinor(),
                                    search.minRating(),
                                    search.kind(),
                                    search.order(),
                                    search.publishedOnly(),
                                    0,
                                    size))
                    .total();
        }
        return new OfferingPage(found, page, size, total);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    // ---------------------------------------------------------------- popularity and ratings

    /** Counts a member's rating (1 to 5 stars) into the offering's summary. Safe under concurrent calls. */
    public void recordRating(long operatorId, long offeringId, int stars) {
        if (stars < 1 || stars > 5) {
            throw new InvalidInputException("stars", "catalog.stars");
        }
        int updated = jdbc.sql("""
                        update offering set rating_count = rating_count + 1, rating_sum = rating_sum + :stars
                        where operator_id = :operatorId and id = :id
                        """)
                .param("stars", stars)
                .param("operatorId", operatorId)
                .param("id", offeringId)
                .update();
        if (updated == 0) {
            throw new NotFoundException();
        }
    }

    /** Counts units sold into the offering's popularity. Safe under concurrent calls. */
    public void recordSale(long operatorId, long offeringId, int quantity) {
        if (quantity < 1) {
            throw new InvalidInputException("quantity", "catalog.saleQuantity");
        }
        int updated = jdbc.sql("""
                        update offering set sold_count = sold_count + :quantity
                        where operator_id = :operatorId and id = :id
                        """)
                .param("quantity", quantity)
                .param("operatorId", operatorId)
                .param("id", offeringId)
                .update();
        if (updated == 0) {
            throw new NotFoundException();
        }
    }

    // ---------------------------------------------------------------- mapping

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Category mapCategory(ResultSet rs, int row) throws SQLException {
        return new Category(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getString("name"),
                CategoryKind.valueOf(rs.getString("kind")),
                Rows.nullableLong(rs, "parent_id"),
                rs.getInt("sort_order"),
                rs.getString("icon"),
                rs.getString("description"));
    }

    private static Offering mapOffering(ResultSet rs, int row) throws SQLException {
        return new Offering(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getLong("category_id"),
                rs.getString("category_name"),
                rs.getString("name"),
                rs.getString("description"),
                Money.of(rs.getLong("price_minor"), rs.getString("currency")),
                rs.getBoolean("active"),
                OfferingKind.valueOf(rs.getString("kind")),
                Fulfilment.valueOf(rs.getString("fulfilment")),
                Rows.nullableLong(rs, "provider_id"),
                rs.getInt("lead_time_hours"),
                JSON.readValue(rs.getString("pricing_plan"), PricingPlan.class),
                longs(rs.getArray("site_ids")),
                longs(rs.getArray("image_ids")),
                new Offering.RatingSummary(rs.getLong("rating_count"), rs.getLong("rating_sum")),
                rs.getLong("sold_count"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static List<Long> longs(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<Long> longs = new ArrayList<>(values.length);
        for (Object value : values) {
            longs.add(((Number) value).longValue());
        }
        return longs;
    }
}
