package io.enjoyspace.catalog;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place that prices an offering: list price and pricing plan, then a membership tier's or the member's
 * company's special price. The computation itself is {@link PriceSheet}; this loads what it needs and keeps the
 * special prices.
 */
@Service
public class Pricing {

    private static final java.util.regex.Pattern TIER_CODE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,40}");

    private final JdbcClient jdbc;
    private final Catalog catalog;
    private final Operators operators;
    private final Enterprises enterprises;

    Pricing(JdbcClient jdbc, Catalog catalog, Operators operators, Enterprises enterprises) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.operators = operators;
        this.enterprises = enterprises;
    }

    /**
     * The price of an offering for one request, with its breakdown. An unknown or foreign offering is not found
     * ({@link NotFoundException}). A request the strategy cannot price, such as a time-based price without an interval or
     * a quantity out of range, is refused with an {@link InvalidInputException} naming the field. Unpublished offerings
     * are priced too, for staff previews; callers that sell check {@link Offering#active()}.
     */
    @Transactional(readOnly = true)
    public PriceQuote quote(long operatorId, long offeringId, PriceRequest request) {
        return sheet(operatorId, catalog.offering(operatorId, offeringId)).quote(request);
    }

    /** The quote for an offering already loaded, so a page that shows the offering reads it once. */
    @Transactional(readOnly = true)
    public PriceQuote quote(Offering offering, PriceRequest request) {
        return sheet(offering.operatorId(), offering).quote(request);
    }

    PriceSheet sheet(long operatorId, Offering offering) {
        Operator operator = operators.get(operatorId);
        return new PriceSheet(
                offering.id(),
                offering.price().currency(),
                operator.timeZone(),
                offering.price().amountMinor(),
                offering.pricing(),
                tierPrices(operatorId, offering.id()),
                enterprisePricesById(operatorId, offering.id()));
    }

    /** A price for every member of a tier; replaces an earlier one. */
    @Transactional
    public void setTierPrice(long operatorId, long offeringId, String tierCode, PriceModifier modifier) {
        catalog.offering(operatorId, offeringId);
        List<FieldError> errors = new ArrayList<>();
        if (tierCode == null || !TIER_CODE.matcher(tierCode).matches()) {
            errors.add(new FieldError("tierCode", "pricing.tierCode"));
        }
        errors.addAll(validate(modifier));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        jdbc.sql("""
                        insert into offering_tier_price (operator_id, offering_id, tier_code, percent_off, unit_price_minor)
                        values (:operatorId, :offeringId, :tierCode, :percentOff, :unitPrice)
                        on conflict (operator_id, offering_id, tier_code)
                        do update set percent_off = excluded.percent_off, unit_price_minor = excluded.unit_price_minor
                        """)
                .param("operatorId", operatorId)
                .param("offeringId", offeringId)
                .param("tierCode", tierCode)
                .param("percentOff", modifier.percentOff())
                .param("unitPrice", modifier.unitPriceMinor())
                .update();
    }

    @Transactional
    public void removeTierPrice(long operatorId, long offeringId, String tierCode) {
        catalog.offering(operatorId, offeringId);
        int removed = jdbc.sql(
                        "delete from offering_tier_price where operator_id = :operatorId and offering_id = :offeringId and tier_code = :tierCode")
                .param("operatorId", operatorId)
                .param("offeringId", offeringId)
                .param("tierCode", tierCode)
                .update();
        if (removed == 0) {
            throw new NotFoundException();
        }
    }

    /** Tier code to special price, in code order. */
    public Map<String, PriceModifier> tierPrices(long operatorId, long offeringId) {
        Map<String, PriceModifier> prices = new LinkedHashMap<>();
        jdbc.sql("""
                        select tier_code, percent_off, unit_price_minor from offering_tier_price
                        where operator_id = :operatorId and offering_id = :offeringId order by tier_code
                        """)
                .param("operatorId", operatorId)
                .param("offeringId", offeringId)
                .query(rs -> {
                    prices.put(rs.getString("tier_code"), modifier(rs));
                });
        return prices;
    }

    /** The negotiated price of one tenant company; replaces an earlier one. A foreign company is not found. */
    @Transactional
    public void setEnterprisePrice(long operatorId, long offeringId, long enterpriseId, PriceModifier modifier) {
        catalog.offering(operatorId, offeringId);
        enterprises.get(operatorId, enterpriseId);
        List<FieldError> errors = validate(modifier);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        jdbc.sql("""
                        insert into offering_enterprise_price (operator_id, offering_id, enterprise_id, percent_off, unit_price_minor)
                        values (:operatorId, :offeringId, :enterpriseId, :percentOff, :unitPrice)
                        on conflict (operator_id, offering_id, enterprise_id)
                        do update set percent_off = excluded.percent_off, unit_price_minor = excluded.unit_price_minor
                        """)
                .param("operatorId", operatorId)
                .param("offeringId", offeringId)
                .param("enterpriseId", enterpriseId)
                .param("percentOff", modifier.percentOff())
                .param("unitPrice", modifier.unitPriceMinor())
                .update();
    }

    @Transactional
    public void removeEnterprisePrice(long operatorId, long offeringId, long enterpriseId) {
        catalog.offering(operatorId, offeringId);
        int removed = jdbc.sql("""
                        delete from offering_enterprise_price
                        where operator_id = :operatorId and offering_id = :offeringId and enterprise_id = :enterpriseId
                        """)
                .param("operatorId", operatorId)
                .param("offeringId", offeringId)
                .param("enterpriseId", enterpriseId)
                .update();
        if (removed == 0) {
            throw new NotFoundException();
        }
    }

    /** A negotiated price with the company's name, for lists. */
    public record EnterprisePrice(long enterpriseId, String enterpriseName, PriceModifier modifier) {}

    public List<EnterprisePrice> enterprisePrices(long operatorId, long offeringId) {
        return jdbc.sql("""
                        select p.enterprise_id, e.name, p.percent_off, p.unit_price_minor
                        from offering_enterprise_price p
                        join enterprise e on e.operator_id = p.operator_id and e.id = p.enterprise_id
                        where p.operator_id = :operatorId and p.offering_id = :offeringId
                        order by e.name
                        """)
                .param("operatorId", operatorId)
                .param("offeringId", offeringId)
                .query((rs, row) ->
                        new EnterprisePrice(rs.getLong("enterprise_id"), rs.getString("name"), modifier(rs)))
                .list();
    }

    private Map<Long, PriceModifier> enterprisePricesById(long operatorId, long offeringId) {
        Map<Long, PriceModifier> prices = new LinkedHashMap<>();
        enterprisePrices(operatorId, offeringId).forEach(price -> prices.put(price.enterpriseId(), price.modifier()));
        return prices;
    }

    private static PriceModifier modifier(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PriceModifier(
                rs.getObject("percent_off", Integer.class), rs.getObject("unit_price_minor", Long.class));
    }

    private static List<FieldError> validate(PriceModifier modifier) {
        List<FieldError> errors = new ArrayList<>();
        if (modifier == null || (modifier.percentOff() == null) == (modifier.unitPriceMinor() == null)) {
            errors.add(new FieldError("percentOff", "pricing.modifierOneOf"));
            return errors;
        }
        if (modifier.percentOff() != null && (modifier.percentOff() < 1 || modifier.percentOff() > 100)) {
            errors.add(new FieldError("percentOff", "pricing.percentOff"));
        }
        if (modifier.unitPriceMinor() != null
                && (modifier.unitPriceMinor() < 0 || modifier.unitPriceMinor() > PricingPlan.MAX_PRICE_MINOR)) {
            errors.add(new FieldError("unitPriceMinor", "pricing.priceRange"));
        }
        return errors;
    }
}
