package io.enjoyspace.catalog;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's catalog (operator admins manage it) and the portal's shelves (members browse and search them). */
@Controller
class CatalogPages {

    /** A small catalog fits one page, as the shelves always showed everything; a large one pages. */
    static final int PORTAL_PAGE_SIZE = Catalog.MAX_PAGE_SIZE;

    private final Catalog catalog;
    private final Pricing pricing;
    private final OfferingImages images;
    private final Sites sites;
    private final Operators operators;

    CatalogPages(Catalog catalog, Pricing pricing, OfferingImages images, Sites sites, Operators operators) {
        this.catalog = catalog;
        this.pricing = pricing;
        this.images = images;
        this.sites = sites;
        this.operators = operators;
    }

    record CategoryForm(@NotBlank @Size(max = 100) String name, CategoryKind kind, Long parentId) {}

    /** The price is typed in yuan, as people think of it, and stored in fen. */
    record OfferingForm(
            @NotNull Long categoryId,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,

            @NotNull @DecimalMin("0.00") @DecimalMax("100000000.00") @Digits(integer = 9, fraction = 2)
            BigDecimal price) {}

    @ModelAttribute("categoryKinds")
    CategoryKind[] categoryKinds() {
        return CategoryKind.values();
    }

    @GetMapping("/console/catalog")
    String console(Actor actor, Model model) {
        model.addAttribute("categoryForm", new CategoryForm("", CategoryKind.OFFICE, null));
        model.addAttribute("offeringForm", new OfferingForm(null, "", "", null));
        return consolePage(actor, model);
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/categories")
    String createCategory(
            Actor actor,
            @Valid @ModelAttribute("categoryForm") CategoryForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        if (!errors.hasErrors()) {
            try {
                Category created = catalog.createCategory(
                        actor.requireOperator(),
                        new Catalog.CategoryDraft(form.name(), form.kind(), form.parentId(), 0, null, null));
                redirect.addFlashAttribute("created", created.name());
                return "redirect:/console/catalog";
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
            } catch (InvalidInputException e) {
                e.errors()
                        .forEach(error -> errors.rejectValue(
                                error.field().equals("kind") ? "kind" : "parentId",
                                error.code(),
                                error.arguments(),
                                null));
            }
        }
        model.addAttribute("offeringForm", new OfferingForm(null, "", "", null));
        return consolePage(actor, model);
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/catalog/offerings")
    String createOffering(
            Actor actor,
            @Valid @ModelAttribute("offeringForm") OfferingForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        if (!errors.hasErrors()) {
            try {
                long priceMinor = form.price().movePointRight(2).longValueExact();
                Offering created = catalog.createOffering(
                        actor.requireOperator(),
                        new Catalog.NewOffering(form.categoryId(), form.name(), form.description(), priceMinor));
                redirect.addFlashAttribute("created", created.name());
                return "redirect:/console/catalog";
            } catch (InvalidInputException e) {
                errors.rejectValue("categoryId", "catalog.unknownCategory");
            }
        }
        model.addAttribute("categoryForm", new CategoryForm("", CategoryKind.OFFICE, null));
        return consolePage(actor, model);
    }

    private String consolePage(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("categories", catalog.categories(operatorId));
        model.addAttribute("tree", flatten(catalog.categoryTree(operatorId)));
        model.addAttribute("offerings", catalog.offerings(operatorId, null, false));
        return "catalog/console-catalog";
    }

    /** The tree in display order, each node once, with its depth for indentation. */
    static List<CategoryNode> flatten(List<CategoryNode> tree) {
        List<CategoryNode> flat = new ArrayList<>();
        for (CategoryNode node : tree) {
            flat.add(node);
            flat.addAll(flatten(node.children()));
        }
        return flat;
    }

    // ---------------------------------------------------------------- portal

    @GetMapping("/portal")
    String shelves(
            Actor actor,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String minPrice,
            @RequestParam(required = false) String maxPrice,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        long operatorId = actor.requireOperator();
        Long categoryId = category == null || category.isBlank() ? null : Ids.parse(category);
        Long siteId = site == null || site.isBlank() ? null : Ids.parse(site);
        List<CategoryNode> tree = catalog.categoryTree(operatorId);
        List<String> filterErrors = new ArrayList<>();
        Long min = yuanOrNull(minPrice, filterErrors);
        Long max = yuanOrNull(maxPrice, filterErrors);
        Catalog.SearchOrder order = null;
        try {
            order = CatalogApiController.order(sort);
        } catch (InvalidInputException e) {
            filterErrors.add("catalog.sort");
        }
        Catalog.OfferingPage result;
        try {
            result = catalog.search(
                    operatorId,
                    new Catalog.OfferingSearch(
                            q, categoryId, siteId, min, max, null, null, order, true, page, PORTAL_PAGE_SIZE));
        } catch (InvalidInputException e) {
            e.errors().forEach(error -> filterErrors.add(error.code()));
            result = catalog.search(
                    operatorId,
                    new Catalog.OfferingSearch(
                            null, categoryId, siteId, null, null, null, null, null, true, 0, PORTAL_PAGE_SIZE));
        }
        model.addAttribute(
                "rootCategories", tree.stream().map(CategoryNode::category).toList());
        model.addAttribute("subCategories", childrenOfSelectedRoot(tree, categoryId));
        model.addAttribute("selectedCategory", categoryId);
        model.addAttribute("selectedRoot", rootOf(tree, categoryId));
        model.addAttribute("sites", sites.list(operatorId));
        model.addAttribute("selectedSite", siteId);
        model.addAttribute("q", q);
        model.addAttribute("minPrice", minPrice);
        model.addAttribute("maxPrice", maxPrice);
        model.addAttribute("sort", order == null ? "" : order.name().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("sortOrders", Catalog.SearchOrder.values());
        model.addAttribute("filterErrors", filterErrors);
        model.addAttribute("result", result);
        model.addAttribute("offerings", result.offerings());
        return "catalog/portal-catalog";
    }

    private static Long rootOf(List<CategoryNode> tree, Long categoryId) {
        if (categoryId == null) {
            return null;
        }
        for (CategoryNode root : tree) {
            if (flatten(List.of(root)).stream().anyMatch(node -> node.category().id() == categoryId)) {
                return root.category().id();
            }
        }
        return null;
    }

    private static List<Category> childrenOfSelectedRoot(List<CategoryNode> tree, Long categoryId) {
        Long root = rootOf(tree, categoryId);
        if (root == null) {
            return List.of();
        }
        return tree.stream()
                .filter(node -> node.category().id() == root)
                .flatMap(node -> flatten(node.children()).stream())
                .map(CategoryNode::category)
                .toList();
    }

    private static Long yuanOrNull(String yuan, List<String> errors) {
        if (yuan == null || yuan.isBlank()) {
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(yuan.strip());
            if (amount.signum() < 0 || amount.scale() > 2 || amount.compareTo(BigDecimal.valueOf(100_000_000)) > 0) {
                errors.add("pricing.priceRange");
                return null;
            }
            return amount.movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add("typeMismatch");
            return null;
        }
    }

    @GetMapping("/portal/offerings/{id}")
    String offering(
            Actor actor,
            @PathVariable String id,
            @RequestParam(defaultValue = "1") String quantity,
            @RequestParam(required = false) String startsAt,
            @RequestParam(required = false) String endsAt,
            Model model) {
        long operatorId = actor.requireOperator();
        Offering offering = catalog.offering(operatorId, Ids.parse(id));
        if (!offering.active()) {
            throw new NotFoundException();
        }
        ZoneId zone = operators.get(operatorId).timeZone();
        model.addAttribute("offering", offering);
        model.addAttribute("quoteQuantity", quantity);
        model.addAttribute("startsAt", startsAt);
        model.addAttribute("endsAt", endsAt);
        Map<String, String> quoteErrors = new java.util.LinkedHashMap<>();
        PriceQuote quote = null;
        try {
            int count = parseQuantity(quantity, quoteErrors);
            Instant from = localTime(startsAt, zone, "startsAt", quoteErrors);
            Instant to = localTime(endsAt, zone, "endsAt", quoteErrors);
            boolean needsInterval = offering.pricing().strategy().isTimeBased();
            if (quoteErrors.isEmpty() && (!needsInterval || from != null || to != null)) {
                quote = pricing.quote(
                        offering, PriceRequest.of(count).between(from, to).forEnterprise(actor.enterpriseId()));
            }
        } catch (InvalidInputException e) {
            e.errors().forEach(error -> quoteErrors.put(error.field(), error.code()));
        }
        model.addAttribute("quote", quote);
        model.addAttribute("quoteErrors", quoteErrors);
        // A fresh key per page view: submitting this form twice places one order.
        model.addAttribute("idempotencyKey", java.util.UUID.randomUUID().toString());
        return "catalog/portal-offering";
    }

    static int parseQuantity(String quantity, Map<String, String> errors) {
        try {
            return Integer.parseInt(quantity.strip());
        } catch (NumberFormatException e) {
            errors.put("quantity", "typeMismatch");
            return 1;
        }
    }

    /** A datetime-local value, read in the operator's time zone. */
    static Instant localTime(String value, ZoneId zone, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(field, "typeMismatch");
            return null;
        }
    }

    /** Offering images for pages, behind the session like every page: any signed-in person of the operator. */
    @GetMapping("/catalog/images/{imageId}")
    ResponseEntity<byte[]> image(
            Actor actor,
            @PathVariable String imageId,
            @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
        return CatalogApiController.serve(
                images.get(actor.requireOperator(), Ids.parse(imageId), actor.isStaff()), ifNoneMatch);
    }
}
