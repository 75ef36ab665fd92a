package io.enjoyspace.catalog;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@Tag(name = "Catalog")
@RestController
@RequestMapping("/api/v1/catalog")
class CatalogApiController {

    private final Catalog catalog;
    private final Pricing pricing;
    private final OfferingImages images;

    CatalogApiController(Catalog catalog, Pricing pricing, OfferingImages images) {
        this.catalog = catalog;
        this.pricing = pricing;
        this.images = images;
    }

    record CategoryView(
            String id,
            String name,
            CategoryKind kind,
            String parentId,
            int sortOrder,
            String icon,
            String description,
            List<CategoryView> children) {

        static CategoryView of(Category category) {
            return of(category, List.of());
        }

        static CategoryView of(CategoryNode node) {
            return of(
                    node.category(),
                    node.children().stream().map(CategoryView::of).toList());
        }

        private static CategoryView of(Category category, List<CategoryView> children) {
            return new CategoryView(
                    Long.toString(category.id()),
                    category.name(),
                    category.kind(),
                    category.parentId() == null ? null : Long.toString(category.parentId()),
                    category.sortOrder(),
                    category.icon(),
                    category.description(),
                    children);
        }
    }

    record ImageView(String id, String url) {}

    record RatingView(long count, BigDecimal average) {}

    record OfferingView(
            String id,
            String name,
            String description,
            long priceMinor,
            String currency,
            CategoryRef category,
            boolean active,
            boolean published,
            OfferingKind kind,
            Fulfilment fulfilment,
            String providerId,
            int leadTimeHours,
            PricingStrategy pricingStrategy,
            List<String> siteIds,
            List<ImageView> images,
            RatingView rating,
            long soldCount,
            Instant createdAt) {

        record CategoryRef(String id, String name) {}

        static OfferingView of(Offering offering) {
            return new OfferingView(
                    Long.toString(offering.id()),
                    offering.name(),
                    offering.description(),
                    offering.price().amountMinor(),
                    offering.price().currency(),
                    new CategoryRef(Long.toString(offering.categoryId()), offering.categoryName()),
                    offering.active(),
                    offering.published(),
                    offering.kind(),
                    offering.fulfilment(),
                    offering.providerId() == null ? null : Long.toString(offering.providerId()),
                    offering.leadTimeHours(),
                    offering.pricing().strategy(),
                    offering.siteIds().stream().map(String::valueOf).toList(),
                    offering.imageIds().stream()
                            .map(id -> new ImageView(Long.toString(id), "/api/v1/catalog/images/" + id))
                            .toList(),
                    new RatingView(offering.rating().count(), offering.rating().average()),
                    offering.soldCount(),
                    offering.createdAt());
        }
    }

    /** One offering with its pricing plan and, when it can be priced as asked, the caller's quote. */
    record OfferingDetail(OfferingView offering, PricingPlan pricing, PriceQuote quote) {}

    record OfferingList(List<OfferingView> items, int page, int size, long total) {}

    record CategoryRequest(
            @NotBlank @Size(max = 100) String name,
            CategoryKind kind,
            String parentId,
            Integer sortOrder,
            @Size(max = 40) String icon,
            @Size(max = 500) String description) {

        Catalog.CategoryDraft draft() {
            return new Catalog.CategoryDraft(
                    name,
                    kind,
                    parentId == null || parentId.isBlank()
                            ? null
                            : idOrInvalid(parentId, "parentId", "catalog.unknownParent"),
                    sortOrder == null ? 0 : sortOrder,
                    icon,
                    description);
        }
    }

    record OfferingRequest(
            @NotBlank String categoryId,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,
            @PositiveOrZero @Max(100_000_000_00L) Long priceMinor,
            OfferingKind kind,
            Fulfilment fulfilment,
            String providerId,
            @PositiveOrZero @Max(8760) Integer leadTimeHours,
            PricingPlan pricing,
            @Size(max = 50) List<String> siteIds,
            Boolean published) {

        Catalog.OfferingDraft draft() {
            List<Long> sites = new ArrayList<>();
            if (siteIds != null) {
                for (String siteId : siteIds) {
                    sites.add(idOrInvalid(siteId, "siteIds", "catalog.unknownSite"));
                }
            }
            return new Catalog.OfferingDraft(
                    idOrInvalid(categoryId, "categoryId", "catalog.unknownCategory"),
                    name,
                    description,
                    kind,
                    fulfilment,
                    providerId == null || providerId.isBlank()
                            ? null
                            : idOrInvalid(providerId, "providerId", "catalog.providerRequired"),
                    leadTimeHours == null ? 0 : leadTimeHours,
                    priceMinor,
                    pricing,
                    sites,
                    published == null || published);
        }
    }

    record ModifierRequest(Integer percentOff, Long unitPriceMinor) {

        PriceModifier modifier() {
            return new PriceModifier(percentOff, unitPriceMinor);
        }
    }

    record TierPriceView(String tierCode, Integer percentOff, Long unitPriceMinor) {}

    record EnterprisePriceView(String enterpriseId, String enterpriseName, Integer percentOff, Long unitPriceMinor) {}

    @Operation(summary = "The catalog's categories as a tree")
    @GetMapping("/categories")
    List<CategoryView> categories(Actor actor) {
        return catalog.categoryTree(actor.requireOperator()).stream()
                .map(CategoryView::of)
                .toList();
    }

    @Operation(summary = "Create a category, a root (with its kind) or below a parent (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/categories")
    @ResponseStatus(HttpStatus.CREATED)
    CategoryView createCategory(Actor actor, @Valid @RequestBody CategoryRequest request) {
        return CategoryView.of(catalog.createCategory(actor.requireOperator(), request.draft()));
    }

    @Operation(summary = "Rename, describe or move a category with its subtree; no cycles (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/categories/{id}")
    CategoryView updateCategory(Actor actor, @PathVariable String id, @Valid @RequestBody CategoryRequest request) {
        return CategoryView.of(catalog.updateCategory(actor.requireOperator(), Ids.parse(id), request.draft()));
    }

    @Operation(
            summary = "Search offerings",
            description = "Members see published offerings only. categoryId includes its sub-categories; an offering"
                    + " without sites is offered at every site; sort is popularity, rating, price or newest (default:"
                    + " by aisle, category and price). Page from 0, size at most 100.")
    @GetMapping("/offerings")
    OfferingList offerings(
            Actor actor,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String categoryId,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) Long minPriceMinor,
            @RequestParam(required = false) Long maxPriceMinor,
            @RequestParam(required = false) BigDecimal minRating,
            @RequestParam(required = false) OfferingKind kind,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        long operatorId = actor.requireOperator();
        Catalog.OfferingPage result = catalog.search(
                operatorId,
                new Catalog.OfferingSearch(
                        q,
                        categoryId == null || categoryId.isBlank() ? null : Ids.parse(categoryId),
                        siteId == null || siteId.isBlank() ? null : Ids.parse(siteId),
                        minPriceMinor,
                        maxPriceMinor,
                        minRating,
                        kind,
                        order(sort),
                        !actor.isStaff(),
                        page,
                        size));
        return new OfferingList(
                result.offerings().stream().map(OfferingView::of).toList(),
                result.page(),
                result.size(),
                result.total());
    }

    static Catalog.SearchOrder order(String sort) {
        if (sort == null || sort.isBlank()) {
            return null;
        }
        try {
            return Catalog.SearchOrder.valueOf(sort.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("sort", "catalog.sort");
        }
    }

    @Operation(
            summary = "One offering with its price for the caller",
            description = "The quote applies the caller's company's negotiated price. Time-based prices are quoted"
                    + " only with startsAt and endsAt (ISO-8601); otherwise quote is null. Staff may preview the"
                    + " price of a company (enterpriseId) or a membership tier (tierCode).")
    @GetMapping("/offerings/{id}")
    OfferingDetail offering(
            Actor actor,
            @PathVariable String id,
            @RequestParam(defaultValue = "1") int quantity,
            @RequestParam(required = false) Instant startsAt,
            @RequestParam(required = false) Instant endsAt,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String tierCode) {
        Offering offering = visibleOffering(actor, id);
        return new OfferingDetail(
                OfferingView.of(offering),
                offering.pricing(),
                quoteFor(actor, offering, quantity, startsAt, endsAt, enterpriseId, tierCode));
    }

    private PriceQuote quoteFor(
            Actor actor,
            Offering offering,
            int quantity,
            Instant startsAt,
            Instant endsAt,
            String enterpriseId,
            String tierCode) {
        if (offering.pricing().strategy().isTimeBased() && startsAt == null && endsAt == null) {
            return null;
        }
        PriceRequest request = PriceRequest.of(quantity).between(startsAt, endsAt);
        if (actor.isStaff()) {
            request = request.forTier(tierCode == null || tierCode.isBlank() ? null : tierCode)
                    .forEnterprise(enterpriseId == null || enterpriseId.isBlank() ? null : Ids.parse(enterpriseId));
        } else {
            // Membership tiers arrive with the membership module; until then members get their company's price.
            request = request.forEnterprise(actor.enterpriseId());
        }
        return pricing.quote(offering, request);
    }

    private Offering visibleOffering(Actor actor, String id) {
        Offering offering = catalog.offering(actor.requireOperator(), Ids.parse(id));
        if (!offering.active() && !actor.isStaff()) {
            throw new NotFoundException();
        }
        return offering;
    }

    @Operation(summary = "Create an offering with its pricing plan (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/offerings")
    @ResponseStatus(HttpStatus.CREATED)
    OfferingView createOffering(Actor actor, @Valid @RequestBody OfferingRequest request) {
        return OfferingView.of(catalog.createOffering(actor.requireOperator(), request.draft()));
    }

    @Operation(summary = "Replace an offering's details and pricing plan (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/offerings/{id}")
    OfferingView updateOffering(Actor actor, @PathVariable String id, @Valid @RequestBody OfferingRequest request) {
        long operatorId = actor.requireOperator();
        long offeringId = Ids.parse(id);
        catalog.offering(operatorId, offeringId);
        return OfferingView.of(catalog.updateOffering(operatorId, offeringId, request.draft()));
    }

    @Operation(summary = "Publish an offering: members see and order it (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/offerings/{id}/publish")
    OfferingView publish(Actor actor, @PathVariable String id) {
        return OfferingView.of(catalog.publish(actor.requireOperator(), Ids.parse(id), true));
    }

    @Operation(summary = "Take an offering off sale (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/offerings/{id}/unpublish")
    OfferingView unpublish(Actor actor, @PathVariable String id) {
        return OfferingView.of(catalog.publish(actor.requireOperator(), Ids.parse(id), false));
    }

    @Operation(summary = "Special prices of membership tiers (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/offerings/{id}/tier-prices")
    List<TierPriceView> tierPrices(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        long offeringId = Ids.parse(id);
        catalog.offering(operatorId, offeringId);
        return pricing.tierPrices(operatorId, offeringId).entrySet().stream()
                .map(entry -> new TierPriceView(
                        entry.getKey(),
                        entry.getValue().percentOff(),
                        entry.getValue().unitPriceMinor()))
                .toList();
    }

    @Operation(summary = "Set a membership tier's price: percentOff or unitPriceMinor (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/offerings/{id}/tier-prices/{tierCode}")
    TierPriceView setTierPrice(
            Actor actor, @PathVariable String id, @PathVariable String tierCode, @RequestBody ModifierRequest request) {
        pricing.setTierPrice(actor.requireOperator(), Ids.parse(id), tierCode, request.modifier());
        return new TierPriceView(tierCode, request.percentOff(), request.unitPriceMinor());
    }

    @Operation(summary = "Remove a membership tier's price (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @DeleteMapping("/offerings/{id}/tier-prices/{tierCode}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeTierPrice(Actor actor, @PathVariable String id, @PathVariable String tierCode) {
        pricing.removeTierPrice(actor.requireOperator(), Ids.parse(id), tierCode);
    }

    @Operation(summary = "Negotiated prices of tenant companies (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/offerings/{id}/enterprise-prices")
    List<EnterprisePriceView> enterprisePrices(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        long offeringId = Ids.parse(id);
        catalog.offering(operatorId, offeringId);
        return pricing.enterprisePrices(operatorId, offeringId).stream()
                .map(price -> new EnterprisePriceView(
                        Long.toString(price.enterpriseId()),
                        price.enterpriseName(),
                        price.modifier().percentOff(),
                        price.modifier().unitPriceMinor()))
                .toList();
    }

    @Operation(summary = "Set a company's negotiated price: percentOff or unitPriceMinor (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/offerings/{id}/enterprise-prices/{enterpriseId}")
    EnterprisePriceView setEnterprisePrice(
            Actor actor,
            @PathVariable String id,
            @PathVariable String enterpriseId,
            @RequestBody ModifierRequest request) {
        long operatorId = actor.requireOperator();
        long offeringId = Ids.parse(id);
        long enterprise = Ids.parse(enterpriseId);
        pricing.setEnterprisePrice(operatorId, offeringId, enterprise, request.modifier());
        return pricing.enterprisePrices(operatorId, offeringId).stream()
                .filter(price -> price.enterpriseId() == enterprise)
                .map(price -> new EnterprisePriceView(
                        enterpriseId, price.enterpriseName(), request.percentOff(), request.unitPriceMinor()))
                .findFirst()
                .orElseThrow(NotFoundException::new);
    }

    @Operation(summary = "Remove a company's negotiated price (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @DeleteMapping("/offerings/{id}/enterprise-prices/{enterpriseId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeEnterprisePrice(Actor actor, @PathVariable String id, @PathVariable String enterpriseId) {
        pricing.removeEnterprisePrice(actor.requireOperator(), Ids.parse(id), Ids.parse(enterpriseId));
    }

    @Operation(summary = "Add an image (PNG, JPEG or WebP, at most 2 MB) as multipart field file (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping(path = "/offerings/{id}/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ImageView addImage(Actor actor, @PathVariable String id, @RequestParam(required = false) MultipartFile file)
            throws IOException {
        if (file == null) {
            throw new InvalidInputException("file", "catalog.imageEmpty");
        }
        long imageId = images.add(actor.requireOperator(), Ids.parse(id), file.getBytes());
        return new ImageView(Long.toString(imageId), "/api/v1/catalog/images/" + imageId);
    }

    @Operation(summary = "Remove an image (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @DeleteMapping("/offerings/{id}/images/{imageId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeImage(Actor actor, @PathVariable String id, @PathVariable String imageId) {
        images.remove(actor.requireOperator(), Ids.parse(id), Ids.parse(imageId));
    }

    @Operation(summary = "An offering's image; images never change, so caches may keep them")
    @GetMapping("/images/{imageId}")
    ResponseEntity<byte[]> image(
            Actor actor,
            @PathVariable String imageId,
            @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
        return serve(images.get(actor.requireOperator(), Ids.parse(imageId), actor.isStaff()), ifNoneMatch);
    }

    /** Images are immutable under their id; only signed-in people of the operator may fetch them, so caches are private. */
    static ResponseEntity<byte[]> serve(OfferingImages.Image image, String ifNoneMatch) {
        String etag = "\"" + image.sha256() + "\"";
        CacheControl cache =
                CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .cacheControl(cache)
                    .eTag(etag)
                    .build();
        }
        return ResponseEntity.ok()
                .cacheControl(cache)
                .eTag(etag)
                .contentType(MediaType.parseMediaType(image.contentType()))
                .header("X-Content-Type-Options", "nosniff")
                .body(image.bytes());
    }

    static long idOrInvalid(String id, String field, String code) {
        try {
            return Ids.parse(id);
        } catch (NotFoundException e) {
            throw new InvalidInputException(field, code);
        }
    }
}
