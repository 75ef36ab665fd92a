package io.enjoyspace.identity;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's staff page and its API: an operator's admins, front desk and enterprise admins. */
@Controller
@PreAuthorize("hasRole('OPERATOR_ADMIN')")
class StaffController {

    private final StaffAccounts staff;
    private final Enterprises enterprises;

    StaffController(StaffAccounts staff, Enterprises enterprises) {
        this.staff = staff;
        this.enterprises = enterprises;
    }

    @GetMapping("/console/staff")
    String page(Actor actor, Model model) {
        model.addAttribute("form", new StaffForm("", "", "", Role.OPERATOR_STAFF, ""));
        return page(actor.requireOperator(), model);
    }

    @PostMapping("/console/staff")
    String create(
            Actor actor,
            @Valid @ModelAttribute("form") StaffForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        if (!errors.hasErrors()) {
            try {
                UserAccount created = staff.create(operatorId, form.command());
                redirect.addFlashAttribute("created", created.username());
                return "redirect:/console/staff";
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.rejectValue(error.field(), error.code()));
            } catch (ConflictException e) {
                errors.rejectValue("username", e.code());
            }
        }
        return page(operatorId, model);
    }

    private String page(long operatorId, Model model) {
        List<Enterprise> companies = enterprises.list(operatorId);
        model.addAttribute("accounts", staff.list(operatorId));
        model.addAttribute("enterprises", companies);
        model.addAttribute(
                "enterpriseNames", companies.stream().collect(Collectors.toMap(Enterprise::id, Enterprise::name)));
        model.addAttribute("roles", StaffAccounts.GRANTABLE);
        return "identity/console-staff";
    }

    @Tag(name = "Identity")
    @RestController
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    static class StaffApiController {

        private final StaffAccounts staff;

        StaffApiController(StaffAccounts staff) {
            this.staff = staff;
        }

        record StaffView(String id, String username, String displayName, Role role, String enterpriseId) {
            static StaffView of(UserAccount account) {
                return new StaffView(
                        Long.toString(account.id()),
                        account.username(),
                        account.displayName(),
                        account.role(),
                        account.enterpriseId() == null
                                ? null
                                : account.enterpriseId().toString());
            }
        }

        @Operation(summary = "The operator's admins, staff and enterprise admins (operator admin)")
        @GetMapping("/api/v1/staff")
        List<StaffView> list(Actor actor) {
            return staff.list(actor.requireOperator()).stream()
                    .map(StaffView::of)
                    .toList();
        }

        @Operation(summary = "Add an admin, front-desk or enterprise admin account (operator admin)")
        @PostMapping("/api/v1/staff")
        @ResponseStatus(HttpStatus.CREATED)
        StaffView create(Actor actor, @Valid @RequestBody StaffForm form) {
            return StaffView.of(staff.create(actor.requireOperator(), form.command()));
        }
    }
}
