package io.enjoyspace.catalog;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's editors: one category (rename, move in the tree) and one offering (details, pricing plan with a live
 * quote preview, special prices, images, publication). Amounts are typed in yuan and kept in fen.
 */
@Controller
class CatalogEditorPages {

    static final int BRACKET_ROWS = 5;
    static final int BAND_ROWS = 4;

    private final Catalog catalog;
    private final Pricing pricing;
    private final OfferingImages images;
    private final Sites sites;
    private final Enterprises enterprises;
    private final Operators operators;

    CatalogEditorPages(
            Catalog catalog,
            Pricing pricing,
            OfferingImages images,
            Sites sites,
            Enterprises enterprises,
            Operators operators) {
        this.catalog = catalog;
        this.pricing = pricing;
        this.images = images;
        this.sites = sites;
        this.enterprises = enterprises;
        this.operators = operators;
    }

    // ---------------------------------------------------------------- one category

    @GetMapping("/console/catalog/categories/{id}")
    String category(Actor actor, @PathVariable String id, Model model) {
        Category category = catalog.category(actor.requireOperator(), Ids.parse(id));
        model.addAttribute(
                "form",
                new LinkedHashMap<>(Map.of(
                        "name",
                        category.name(),
                        "kind",
                        category.kind().name(),
                        "parentId",
                        category.parentId() == null ? "" : category.parentId().toString(),
                        "sortOrder",
                        Integer.toString(category.sortOrder()),
                        "icon",
                        category.icon() == null ? "" : category.icon(),
                        "description",
                        category.description() == null ? "" : category.description())));
        return categoryPage(actor, category, Map.of(), model);
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/categories/{id}")
    String updateCategory(
            Actor actor,
            @PathVariable String id,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Category category = catalog.category(operatorId, Ids.parse(id));
        Map<String, String> errors = new LinkedHashMap<>();
        String name = form.getOrDefault("name", "").strip();
        if (name.isEmpty() || name.length() > 100) {
            errors.put("name", name.isEmpty() ? "NotBlank" : "Size");
        }
        int sortOrder = integer(form.get("sortOrder"), 0, "sortOrder", errors);
        String icon = form.getOrDefault("icon", "");
        if (icon.strip().length() > 40) {
            errors.put("icon", "Size");
        }
        String description = form.getOrDefault("description", "");
        if (description.strip().length() > 500) {
            errors.put("description", "Size");
        }
        String parent = form.getOrDefault("parentId", "");
        Long parentId = parent.isBlank() ? null : Ids.parse(parent);
        CategoryKind kind = enumOrNull(CategoryKind.class, form.get("kind"));
        if (errors.isEmpty()) {
            try {
                catalog.updateCategory(
                        operatorId,
                        category.id(),
                        new Catalog.CategoryDraft(name, kind, parentId, sortOrder, icon, description));
                redirect.addFlashAttribute("created", name);
                return "redirect:/console/catalog";
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.put(error.field(), error.code()));
            } catch (ConflictException e) {
                errors.put("name", e.code());
            }
        }
        model.addAttribute("form", form);
        return categoryPage(actor, category, errors, model);
    }

    private String categoryPage(Actor actor, Category category, Map<String, String> errors, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("category", category);
        model.addAttribute("tree", CatalogPages.flatten(catalog.categoryTree(operatorId)));
        model.addAttribute("categoryKinds", CategoryKind.values());
        model.addAttribute("errors", errors);
        return "catalog/console-category";
    }

    // ---------------------------------------------------------------- one offering

    @GetMapping("/console/catalog/offerings/{id}")
    String offering(Actor actor, @PathVariable String id, Model model) {
        Offering offering = catalog.offering(actor.requireOperator(), Ids.parse(id));
        model.addAttribute("form", OfferingEditor.of(offering));
        return offeringPage(actor, offering, Map.of(), model);
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/offerings/{id}")
    String updateOffering(
            Actor actor,
            @PathVariable String id,
            @RequestParam MultiValueMap<String, String> params,
            Model model,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Offering offering = catalog.offering(operatorId, Ids.parse(id));
        OfferingEditor form = OfferingEditor.from(params);
        Map<String, String> errors = new LinkedHashMap<>();
        Catalog.OfferingDraft draft = form.draft(errors);
        if (errors.isEmpty()) {
            try {
                catalog.updateOffering(operatorId, offering.id(), draft);
                redirect.addFlashAttribute("saved", true);
                return "redirect:/console/catalog/offerings/" + offering.id();
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.put(error.field(), error.code()));
            }
        }
        model.addAttribute("form", form);
        return offeringPage(actor, offering, errors, model);
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/offerings/{id}/publication")
    String publish(Actor actor, @PathVariable String id, @RequestParam boolean published) {
        Offering offering = catalog.publish(actor.requireOperator(), Ids.parse(id), published);
        return "redirect:/console/catalog/offerings/" + offering.id();
    }

    /** The htmx preview: the saved plan quoted for a quantity, times, a company or a tier. */
    @GetMapping("/console/catalog/offerings/{id}/quote")
    String preview(
            Actor actor,
            @PathVariable String id,
            @RequestParam(defaultValue = "1") String quantity,
            @RequestParam(required = false) String startsAt,
            @RequestParam(required = false) String endsAt,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String tierCode,
            Model model) {
        long operatorId = actor.requireOperator();
        Offering offering = catalog.offering(operatorId, Ids.parse(id));
        ZoneId zone = operators.get(operatorId).timeZone();
        Map<String, String> errors = new LinkedHashMap<>();
        PriceQuote quote = null;
        int count = CatalogPages.parseQuantity(quantity, errors);
        var from = CatalogPages.localTime(startsAt, zone, "startsAt", errors);
        var to = CatalogPages.localTime(endsAt, zone, "endsAt", errors);
        if (errors.isEmpty()) {
            try {
                quote = pricing.quote(
                        offering,
                        PriceRequest.of(count)
                                .between(from, to)
                                .forTier(tierCode == null || tierCode.isBlank() ? null : tierCode.strip())
                                .forEnterprise(
                                        enterpriseId == null || enterpriseId.isBlank()
                                                ? null
                                                : Ids.parse(enterpriseId)));
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.put(error.field(), error.code()));
            }
        }
        model.addAttribute("quote", quote);
        model.addAttribute("quoteErrors", errors);
        return "catalog/console-quote";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/offerings/{id}/enterprise-prices")
    String setEnterprisePrice(
            Actor actor,
            @PathVariable String id,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String percentOff,
            @RequestParam(required = false) String unitPrice,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        long offeringId = catalog.offering(operatorId, Ids.parse(id)).id();
        List<String> errors = new ArrayList<>();
        PriceModifier modifier = modifier(percentOff, unitPrice, errors);
        if (enterpriseId == null || enterpriseId.isBlank()) {
            errors.add("NotNull");
        }
        if (errors.isEmpty()) {
            try {
                pricing.setEnterprisePrice(operatorId, offeringId, Ids.parse(enterpriseId), modifier);
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.add(error.code()));
            }
        }
        redirect.addFlashAttribute("enterprisePriceErrors", errors);
        return "redirect:/console/catalog/offerings/" + offeringId + "#special-prices";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/offerings/{id}/enterprise-prices/{enterpriseId}/delete")
    String removeEnterprisePrice(Actor actor, @PathVariable String id, @PathVariable String enterpriseId) {
        long offeringId = Ids.parse(id);
        pricing.removeEnterprisePrice(actor.requireOperator(), offeringId, Ids.parse(enterpriseId));
        return "redirect:/console/catalog/offerings/" + offeringId + "#special-prices";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/offerings/{id}/tier-prices")
    String setTierPrice(
            Actor actor,
            @PathVariable String id,
            @RequestParam(required = false) String tierCode,
            @RequestParam(required = false) String percentOff,
            @RequestParam(required = false) String unitPrice,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        long offeringId = catalog.offering(operatorId, Ids.parse(id)).id();
        List<String> errors = new ArrayList<>();
        PriceModifier modifier = modifier(percentOff, unitPrice, errors);
        if (errors.isEmpty()) {
            try {
                pricing.setTierPrice(operatorId, offeringId, tierCode == null ? null : tierCode.strip(), modifier);
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.add(error.code()));
            }
        }
        redirect.addFlashAttribute("tierPriceErrors", errors);
        return "redirect:/console/catalog/offerings/" + offeringId + "#special-prices";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/offerings/{id}/tier-prices/{tierCode}/delete")
    String removeTierPrice(Actor actor, @PathVariable String id, @PathVariable String tierCode) {
        long offeringId = Ids.parse(id);
        pricing.removeTierPrice(actor.requireOperator(), offeringId, tierCode);
        return "redirect:/console/catalog/offerings/" + offeringId + "#special-prices";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/offerings/{id}/images")
    String addImage(
            Actor actor,
            @PathVariable String id,
            @RequestParam(required = false) MultipartFile file,
            RedirectAttributes redirect)
            throws IOException {
        long operatorId = actor.requireOperator();
        long offeringId = catalog.offering(operatorId, Ids.parse(id)).id();
        try {
            images.add(operatorId, offeringId, file == null ? null : file.getBytes());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute(
                    "imageErrors", e.errors().stream().map(FieldError::code).toList());
        }
        return "redirect:/console/catalog/offerings/" + offeringId + "#images";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/offerings/{id}/images/{imageId}/delete")
    String removeImage(Actor actor, @PathVariable String id, @PathVariable String imageId) {
        long offeringId = Ids.parse(id);
        images.remove(actor.requireOperator(), offeringId, Ids.parse(imageId));
        return "redirect:/console/catalog/offerings/" + offeringId + "#images";
    }

    private String offeringPage(Actor actor, Offering offering, Map<String, String> errors, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("offering", offering);
        model.addAttribute("admin", actor.role() == Role.OPERATOR_ADMIN);
        model.addAttribute("errors", errors);
        model.addAttribute("tree", CatalogPages.flatten(catalog.categoryTree(operatorId)));
        model.addAttribute("sites", sites.list(operatorId));
        model.addAttribute("enterprises", enterprises.list(operatorId));
        model.addAttribute("enterprisePrices", pricing.enterprisePrices(operatorId, offering.id()));
        model.addAttribute("tierPrices", pricing.tierPrices(operatorId, offering.id()));
        model.addAttribute("offeringKinds", OfferingKind.values());
        model.addAttribute("fulfilments", Fulfilment.values());
        model.addAttribute("strategies", PricingStrategy.values());
        model.addAttribute("weekdays", DayOfWeek.values());
        return "catalog/console-offering";
    }

    private static PriceModifier modifier(String percentOff, String unitPrice, List<String> errors) {
        boolean percent = percentOff != null && !percentOff.isBlank();
        boolean price = unitPrice != null && !unitPrice.isBlank();
        if (percent == price) {
            errors.add("pricing.modifierOneOf");
            return null;
        }
        if (percent) {
            Map<String, String> fieldErrors = new LinkedHashMap<>();
            int value = integer(percentOff, 0, "percentOff", fieldErrors);
            errors.addAll(fieldErrors.values());
            return PriceModifier.percentOff(value);
        }
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        Long fen = fen(unitPrice, "unitPrice", fieldErrors);
        errors.addAll(fieldErrors.values());
        return fen == null ? null : PriceModifier.unitPrice(fen);
    }

    static int integer(String text, int fallback, String field, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            errors.put(field, "typeMismatch");
            return fallback;
        }
    }

    /** Yuan typed with at most two decimals, as fen. */
    static Long fen(String yuan, String field, Map<String, String> errors) {
        if (yuan == null || yuan.isBlank()) {
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(yuan.strip());
            if (amount.scale() > 2) {
                errors.put(field, "Digits");
                return null;
            }
            return amount.movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            errors.put(field, "typeMismatch");
            return null;
        }
    }

    static <E extends Enum<E>> E enumOrNull(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The offering form as typed: strings, so that a refused form comes back exactly as it was sent. */
    record OfferingEditor(
            String categoryId,
            String name,
            String description,
            String kind,
            String fulfilment,
            String providerId,
            String leadTimeHours,
            List<String> siteIds,
            boolean published,
            String strategy,
            String price,
            String unitName,
            String minimumHours,
            String incrementMinutes,
            List<String> bracketFrom,
            List<String> bracketPrice,
            List<Set<String>> bandDays,
            List<String> bandStart,
            List<String> bandEnd,
            List<String> bandRate) {

        static OfferingEditor of(Offering offering) {
            PricingPlan plan = offering.pricing();
            List<String> bracketFrom = new ArrayList<>();
            List<String> bracketPrice = new ArrayList<>();
            for (int i = 0; i < BRACKET_ROWS; i++) {
                boolean has = i < plan.brackets().size();
                bracketFrom.add(has ? Integer.toString(plan.brackets().get(i).fromQuantity()) : "");
                bracketPrice.add(has ? yuan(plan.brackets().get(i).unitPriceMinor()) : "");
            }
            List<Set<String>> bandDays = new ArrayList<>();
            List<String> bandStart = new ArrayList<>();
            List<String> bandEnd = new ArrayList<>();
            List<String> bandRate = new ArrayList<>();
            for (int i = 0; i < BAND_ROWS; i++) {
                boolean has = i < plan.timeBands().size();
                PricingPlan.TimeBand band = has ? plan.timeBands().get(i) : null;
                bandDays.add(
                        has
                                ? band.weekdays().stream()
                                        .map(DayOfWeek::name)
                                        .collect(java.util.stream.Collectors.toSet())
                                : Set.of());
                bandStart.add(has ? band.startsAt().toString() : "");
                bandEnd.add(has ? band.endsAt().toString() : "");
                bandRate.add(has ? yuan(band.ratePerHourMinor()) : "");
            }
            return new OfferingEditor(
                    Long.toString(offering.categoryId()),
                    offering.name(),
                    offering.description(),
                    offering.kind().name(),
                    offering.fulfilment().name(),
                    offering.providerId() == null ? "" : offering.providerId().toString(),
                    Integer.toString(offering.leadTimeHours()),
                    offering.siteIds().stream().map(String::valueOf).toList(),
                    offering.published(),
                    plan.strategy().name(),
                    yuan(offering.price().amountMinor()),
                    plan.unitName() == null ? "" : plan.unitName(),
                    plan.minimumHours() == null ? "" : plan.minimumHours().toString(),
                    plan.incrementMinutes() == null
                            ? ""
                            : plan.incrementMinutes().toString(),
                    bracketFrom,
                    bracketPrice,
                    bandDays,
                    bandStart,
                    bandEnd,
                    bandRate);
        }

        static OfferingEditor from(MultiValueMap<String, String> params) {
            List<String> bracketFrom = new ArrayList<>();
            List<String> bracketPrice = new ArrayList<>();
            for (int i = 0; i < BRACKET_ROWS; i++) {
                bracketFrom.add(value(params, "bracketFrom" + i));
                bracketPrice.add(value(params, "bracketPrice" + i));
            }
            List<Set<String>> bandDays = new ArrayList<>();
            List<String> bandStart = new ArrayList<>();
            List<String> bandEnd = new ArrayList<>();
            List<String> bandRate = new ArrayList<>();
            for (int i = 0; i < BAND_ROWS; i++) {
                List<String> days = params.get("bandDays" + i);
                bandDays.add(days == null ? Set.of() : Set.copyOf(days));
                bandStart.add(value(params, "bandStart" + i));
                bandEnd.add(value(params, "bandEnd" + i));
                bandRate.add(value(params, "bandRate" + i));
            }
            List<String> sites = params.get("siteIds");
            return new OfferingEditor(
                    value(params, "categoryId"),
                    value(params, "name"),
                    value(params, "description"),
                    value(params, "kind"),
                    value(params, "fulfilment"),
                    value(params, "providerId"),
                    value(params, "leadTimeHours"),
                    sites == null ? List.of() : List.copyOf(sites),
                    "true".equals(value(params, "published")),
                    value(params, "strategy"),
                    value(params, "price"),
                    value(params, "unitName"),
                    value(params, "minimumHours"),
                    value(params, "incrementMinutes"),
                    bracketFrom,
                    bracketPrice,
                    bandDays,
                    bandStart,
                    bandEnd,
                    bandRate);
        }

        /** The draft this form describes; what cannot even be read is put into {@code errors} by field. */
        Catalog.OfferingDraft draft(Map<String, String> errors) {
            if (name.isBlank() || name.length() > 200) {
                errors.put("name", name.isBlank() ? "NotBlank" : "Size");
            }
            if (description.length() > 2000) {
                errors.put("description", "Size");
            }
            long category = categoryId.isBlank() ? 0 : parseId(categoryId, "categoryId", errors);
            Long provider = providerId.isBlank() ? null : parseId(providerId, "providerId", errors);
            int lead = integer(leadTimeHours, 0, "leadTimeHours", errors);
            List<Long> sites = new ArrayList<>();
            siteIds.forEach(site -> sites.add(parseId(site, "siteIds", errors)));
            PricingStrategy chosen = enumOrNull(PricingStrategy.class, strategy);
            Long priceMinor = fen(price, "priceMinor", errors);
            List<PricingPlan.Bracket> brackets = new ArrayList<>();
            for (int i = 0; i < BRACKET_ROWS; i++) {
                if (bracketFrom.get(i).isBlank() && bracketPrice.get(i).isBlank()) {
                    continue;
                }
                String field = "pricing.brackets[" + brackets.size() + "]";
                int from = integer(bracketFrom.get(i), 0, field + ".fromQuantity", errors);
                Long unit = fen(bracketPrice.get(i), field + ".unitPriceMinor", errors);
                brackets.add(new PricingPlan.Bracket(from, unit == null ? -1 : unit));
            }
            List<PricingPlan.TimeBand> bands = new ArrayList<>();
            for (int i = 0; i < BAND_ROWS; i++) {
                if (bandStart.get(i).isBlank()
                        && bandEnd.get(i).isBlank()
                        && bandRate.get(i).isBlank()) {
                    continue;
                }
                String field = "pricing.timeBands[" + bands.size() + "]";
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                bandDays.get(i).forEach(day -> {
                    DayOfWeek parsed = enumOrNull(DayOfWeek.class, day);
                    if (parsed != null) {
                        days.add(parsed);
                    }
                });
                LocalTime start = time(bandStart.get(i), field + ".startsAt", errors);
                LocalTime end = time(bandEnd.get(i), field + ".endsAt", errors);
                Long rate = fen(bandRate.get(i), field + ".ratePerHourMinor", errors);
                bands.add(new PricingPlan.TimeBand(days, start, end, rate == null ? -1 : rate));
            }
            Integer minimum = minimumHours.isBlank() ? null : integer(minimumHours, 0, "pricing.minimumHours", errors);
            Integer increment = incrementMinutes.isBlank()
                    ? null
                    : integer(incrementMinutes, 0, "pricing.incrementMinutes", errors);
            return new Catalog.OfferingDraft(
                    category,
                    name,
                    description,
                    enumOrNull(OfferingKind.class, kind),
                    enumOrNull(Fulfilment.class, fulfilment),
                    provider,
                    lead,
                    priceMinor,
                    new PricingPlan(chosen, unitName, minimum, increment, brackets, bands),
                    sites,
                    published);
        }

        private static String value(MultiValueMap<String, String> params, String name) {
            String value = params.getFirst(name);
            return value == null ? "" : value.strip();
        }

        private static long parseId(String id, String field, Map<String, String> errors) {
            try {
                return Ids.parse(id);
            } catch (NotFoundException e) {
                errors.put(field, "typeMismatch");
                return 0;
            }
        }

        private static LocalTime time(String text, String field, Map<String, String> errors) {
            if (text.isBlank()) {
                errors.put(field, "pricing.bandTime");
                return null;
            }
            try {
                return LocalTime.parse(text);
            } catch (DateTimeParseException e) {
                errors.put(field, "pricing.bandTime");
                return null;
            }
        }

        private static String yuan(long minor) {
            return BigDecimal.valueOf(minor, 2).toPlainString();
        }
    }
}
