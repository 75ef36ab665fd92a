package io.enjoyspace.ordering;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Offering;
import io.enjoyspace.catalog.PriceQuote;
import io.enjoyspace.catalog.PriceRequest;
import io.enjoyspace.catalog.Pricing;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.enjoyspace.tenancy.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Prices a basket's lines through the catalog's pricing (the member's company price, tier price, time bands, brackets)
 * and names the provider that fulfils it. A {@link Memo} keeps what it looked up for one checkout, or for all the
 * checkouts of one group commit, so a popular offering is read and priced once per batch rather than once per order.
 */
@Component
class BasketPricing {

    private final Catalog catalog;
    private final Pricing pricing;
    private final OrderProviders providers;

    BasketPricing(Catalog catalog, Pricing pricing, OrderProviders providers) {
        this.catalog = catalog;
        this.pricing = pricing;
        this.providers = providers;
    }

    /** A line priced: its offering, the quote locked into the order and what the line costs. */
    record PricedLine(
            Offering offering, int quantity, Money lineTotal, PriceQuote quote, CheckoutDesk.PlaceOrder.Line line) {}

    /** Offerings, quotes and providers looked up within one transaction. */
    static final class Memo {

        private final Map<Long, Optional<Offering>> offerings = new HashMap<>();
        private final Map<List<Object>, PriceQuote> quotes = new HashMap<>();
        private final Map<Long, Boolean> fulfilling = new HashMap<>();
    }

    /** Every line priced, or every line's error, named by its place in the basket. */
    List<PricedLine> price(CheckoutDesk.PlaceOrder command, Member member, String tierCode, Memo memo) {
        List<PricedLine> priced = new ArrayList<>();
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < command.lines().size(); i++) {
            CheckoutDesk.PlaceOrder.Line line = command.lines().get(i);
            Optional<Offering> offering = memo.offerings
                    .computeIfAbsent(line.offeringId(), id -> catalog.findOffering(command.operatorId(), id))
                    .filter(Offering::active)
                    .filter(found -> found.offeredAt(member.siteId()));
            if (offering.isEmpty()) {
                errors.add(
                        new InvalidInputException.FieldError("lines[" + i + "].offeringId", "order.unknownOffering"));
                continue;
            }
            PriceRequest request =
                    new PriceRequest(line.quantity(), line.startsAt(), line.endsAt(), tierCode, member.enterpriseId());
            try {
                List<Object> key = List.of(offering.get().id(), request);
                PriceQuote quote = memo.quotes.get(key);
                if (quote == null) {
                    quote = pricing.quote(offering.get(), request);
                    memo.quotes.put(key, quote);
                }
                priced.add(new PricedLine(
                        offering.get(), line.quantity(), Money.of(quote.totalMinor(), quote.currency()), quote, line));
            } catch (InvalidInputException e) {
                for (InvalidInputException.FieldError error : e.errors()) {
                    errors.add(new InvalidInputException.FieldError(
                            "lines[" + i + "]." + error.field(), error.code(), error.args()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return priced;
    }

    /** The provider that fulfils the order: the one its offerings name, when it may take orders; else the operator. */
    Long providerOf(long operatorId, List<PricedLine> priced, Memo memo) {
        List<Long> named = priced.stream()
                .map(line -> line.offering().providerId())
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        if (named.size() > 1) {
            throw new InvalidInputException("lines", "order.mixedProviders");
        }
        if (named.isEmpty()) {
            return null;
        }
        boolean fulfils =
                memo.fulfilling.computeIfAbsent(named.get(0), provider -> providers.canFulfil(operatorId, provider));
        return fulfils ? named.get(0) : null;
    }
}
