package io.enjoyspace.tenancy;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's tenants: sites with their invitation codes, enterprises with their leases, and members. */
@Controller
class TenancyPages {

    private final Sites sites;
    private final Enterprises enterprises;
    private final Members members;

    TenancyPages(Sites sites, Enterprises enterprises, Members members) {
        this.sites = sites;
        this.enterprises = enterprises;
        this.members = members;
    }

    /** A tenant company as the admin types it: rent in yuan, lease dates from date pickers. */
    record EnterpriseForm(
            @NotNull Long siteId,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 100) String industry,
            @NotNull @Min(0) @Max(1_000_000) Integer headcount,

            @NotNull @DecimalMin("0.00") @DecimalMax("1000000000.00") @Digits(integer = 10, fraction = 2)
            BigDecimal monthlyRent,

            @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate leaseStartsOn,

            @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate leaseEndsOn) {

        static EnterpriseForm empty() {
            return new EnterpriseForm(null, "", "", null, null, null, null);
        }
    }

    @GetMapping("/console/tenants")
    String tenants(Actor actor, Model model) {
        model.addAttribute("form", EnterpriseForm.empty());
        return page(actor.requireOperator(), model);
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/tenants/enterprises")
    String addEnterprise(
            Actor actor,
            @Valid @ModelAttribute("form") EnterpriseForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        if (form.leaseStartsOn() != null
                && form.leaseEndsOn() != null
                && form.leaseEndsOn().isBefore(form.leaseStartsOn())) {
            errors.rejectValue("leaseEndsOn", "enterprise.leaseEndsBeforeStart");
        }
        if (form.siteId() != null) {
            try {
                sites.get(operatorId, form.siteId());
            } catch (NotFoundException e) {
                errors.rejectValue("siteId", "enterprise.unknownSite");
            }
        }
        if (errors.hasErrors()) {
            return page(operatorId, model);
        }
        Enterprise created = enterprises.create(
                operatorId,
                new Enterprises.NewEnterprise(
                        form.siteId(),
                        form.name().strip(),
                        form.industry().strip(),
                        form.headcount(),
                        new Enterprise.Lease(
                                form.monthlyRent().movePointRight(2).longValueExact(),
                                form.leaseStartsOn(),
                                form.leaseEndsOn()),
                        null));
        redirect.addFlashAttribute("created", created.name());
        redirect.addFlashAttribute("createdCode", created.invitationCode());
        return "redirect:/console/tenants";
    }

    private String page(long operatorId, Model model) {
        model.addAttribute("sites", sites.list(operatorId));
        model.addAttribute("enterprises", enterprises.list(operatorId));
        model.addAttribute("members", members.list(operatorId, null, 200));
        model.addAttribute("memberCount", members.count(operatorId));
        return "tenancy/console-tenants";
    }
}
