package io.enjoyspace.catalog;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's catalog (operator admins manage it) and the portal's shelves (members browse them). */
@Controller
class CatalogPages {

    private final Catalog catalog;

    CatalogPages(Catalog catalog) {
        this.catalog = catalog;
    }

    record CategoryForm(
            @NotBlank @Size(max = 100) String name, @NotNull CategoryKind kind) {}

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
        model.addAttribute("categoryForm", new CategoryForm("", CategoryKind.OFFICE));
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
                Category created = catalog.createCategory(actor.requireOperator(), form.name(), form.kind());
                redirect.addFlashAttribute("created", created.name());
                return "redirect:/console/catalog";
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
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
        model.addAttribute("categoryForm", new CategoryForm("", CategoryKind.OFFICE));
        return consolePage(actor, model);
    }

    private String consolePage(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("categories", catalog.categories(operatorId));
        model.addAttribute("offerings", catalog.offerings(operatorId, null, false));
        return "catalog/console-catalog";
    }

    @GetMapping("/portal")
    String shelves(Actor actor, @RequestParam(required = false) String category, Model model) {
        long operatorId = actor.requireOperator();
        Long categoryId = category == null || category.isBlank() ? null : Ids.parse(category);
        model.addAttribute("categories", catalog.categories(operatorId));
        model.addAttribute("selectedCategory", categoryId);
        model.addAttribute("offerings", catalog.offerings(operatorId, categoryId, true));
        return "catalog/portal-catalog";
    }

    @GetMapping("/portal/offerings/{id}")
    String offering(Actor actor, @PathVariable String id, Model model) {
        Offering offering = catalog.offering(actor.requireOperator(), Ids.parse(id));
        if (!offering.active()) {
            throw new NotFoundException();
        }
        model.addAttribute("offering", offering);
        // A fresh key per page view: submitting this form twice places one order.
        model.addAttribute("idempotencyKey", java.util.UUID.randomUUID().toString());
        return "catalog/portal-offering";
    }
}
