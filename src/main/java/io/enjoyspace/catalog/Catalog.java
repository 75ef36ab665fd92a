package io.enjoyspace.catalog;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Operators;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Categories and offerings of one operator. Other modules look offerings up here to price an order. */
@Service
public class Catalog {

    private static final String OFFERING_SELECT = """
            select o.*, c.name as category_name from offering o
            join service_category c on c.operator_id = o.operator_id and c.id = o.category_id
            """;

    private final JdbcClient jdbc;
    private final Operators operators;

    Catalog(JdbcClient jdbc, Operators operators) {
        this.jdbc = jdbc;
        this.operators = operators;
    }

    public Category createCategory(long operatorId, String name, CategoryKind kind) {
        try {
            long id = jdbc.sql(
                            "insert into service_category (operator_id, name, kind) values (:operatorId, :name, :kind) returning id")
                    .param("operatorId", operatorId)
                    .param("name", name.strip())
                    .param("kind", kind.name())
                    .query(Long.class)
                    .single();
            return category(operatorId, id);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("catalog.categoryExists", "a category with this name exists");
        }
    }

    public Category category(long operatorId, long id) {
        return jdbc.sql("select * from service_category where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Catalog::mapCategory)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    public List<Category> categories(long operatorId) {
        return jdbc.sql("select * from service_category where operator_id = :operatorId order by kind, name")
                .param("operatorId", operatorId)
                .query(Catalog::mapCategory)
                .list();
    }

    /** A new offering, priced in the operator's currency. */
    public record NewOffering(long categoryId, String name, String description, long priceMinor) {}

    public Offering createOffering(long operatorId, NewOffering offering) {
        if (offering.priceMinor() < 0) {
            throw new InvalidInputException("priceMinor", "validation.notNegative");
        }
        try {
            long id = jdbc.sql("""
                            insert into offering (operator_id, category_id, name, description, price_minor, currency)
                            values (:operatorId, :categoryId, :name, :description, :price, :currency)
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .param("categoryId", offering.categoryId())
                    .param("name", offering.name().strip())
                    .param(
                            "description",
                            offering.description() == null
                                    ? ""
                                    : offering.description().strip())
                    .param("price", offering.priceMinor())
                    .param("currency", operators.get(operatorId).currency())
                    .query(Long.class)
                    .single();
            return offering(operatorId, id);
        } catch (DataIntegrityViolationException e) {
            // The composite foreign key refuses a category of another operator just as an unknown one.
            throw new InvalidInputException("categoryId", "catalog.unknownCategory");
        }
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

    /** Offerings on sale, optionally of one category, cheapest first within a category. */
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

    private static Category mapCategory(ResultSet rs, int row) throws SQLException {
        return new Category(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getString("name"),
                CategoryKind.valueOf(rs.getString("kind")));
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
                rs.getBoolean("active"));
    }
}
