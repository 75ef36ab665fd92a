package io.enjoyspace.catalog;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Catalog")
@RestController
@RequestMapping("/api/v1/catalog")
class CatalogApiController {

    private final Catalog catalog;

    CatalogApiController(Catalog catalog) {
        this.catalog = catalog;
    }

    record CategoryView(String id, String name, CategoryKind kind) {
        static CategoryView of(Category category) {
            return new CategoryView(Long.toString(category.id()), category.name(), category.kind());
        }
    }

    record OfferingView(
            String id,
            String name,
            String description,
            long priceMinor,
            String currency,
            CategoryRef category,
            boolean active) {

        record CategoryRef(String id, String name) {}

        static OfferingView of(Offering offering) {
            return new OfferingView(
                    Long.toString(offering.id()),
                    offering.name(),
                    offering.description(),
                    offering.price().amountMinor(),
                    offering.price().currency(),
                    new CategoryRef(Long.toString(offering.categoryId()), offering.categoryName()),
                    offering.active());
        }
    }

    record NewCategory(
            @NotBlank @Size(max = 100) String name, @NotNull CategoryKind kind) {}

    record NewOffering(
            @NotBlank String categoryId,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,
            @NotNull @PositiveOrZero @Max(100_000_000_00L) Long priceMinor) {}

    @Operation(summary = "The catalog's categories")
    @GetMapping("/categories")
    List<CategoryView> categories(Actor actor) {
        return catalog.categories(actor.requireOperator()).stream()
                .map(CategoryView::of)
                .toList();
    }

    @Operation(summary = "Create a category (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/categories")
    @ResponseStatus(HttpStatus.CREATED)
    CategoryView createCategory(Actor actor, @Valid @RequestBody NewCategory request) {
        return CategoryView.of(catalog.createCategory(actor.requireOperator(), request.name(), request.kind()));
    }

    @Operation(summary = "Offerings on sale, optionally of one category")
    @GetMapping("/offerings")
    List<OfferingView> offerings(Actor actor, @RequestParam(required = false) String categoryId) {
        Long category = categoryId == null ? null : Ids.parse(categoryId);
        return catalog.offerings(actor.requireOperator(), category, !actor.isStaff()).stream()
                .map(OfferingView::of)
                .toList();
    }

    @Operation(summary = "One offering")
    @GetMapping("/offerings/{id}")
    OfferingView offering(Actor actor, @PathVariable String id) {
        Offering offering = catalog.offering(actor.requireOperator(), Ids.parse(id));
        if (!offering.active() && !actor.isStaff()) {
            throw new io.enjoyspace.shared.NotFoundException();
        }
        return OfferingView.of(offering);
    }

    @Operation(summary = "Create an offering with a fixed price (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/offerings")
    @ResponseStatus(HttpStatus.CREATED)
    OfferingView createOffering(Actor actor, @Valid @RequestBody NewOffering request) {
        long operatorId = actor.requireOperator();
        long categoryId = parseCategory(request.categoryId());
        Offering created = catalog.createOffering(
                operatorId,
                new Catalog.NewOffering(categoryId, request.name(), request.description(), request.priceMinor()));
        return OfferingView.of(created);
    }

    private static long parseCategory(String id) {
        try {
            return Ids.parse(id);
        } catch (io.enjoyspace.shared.NotFoundException e) {
            throw new io.enjoyspace.shared.InvalidInputException("categoryId", "catalog.unknownCategory");
        }
    }
}
