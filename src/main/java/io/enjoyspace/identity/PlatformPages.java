package io.enjoyspace.identity;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.SiteKind;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.ZoneId;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The platform admin's page: every operator, and a form to onboard another. */
@Controller
@RequestMapping("/platform")
class PlatformPages {

    private final Operators operators;
    private final OperatorOnboarding onboarding;

    PlatformPages(Operators operators, OperatorOnboarding onboarding) {
        this.operators = operators;
        this.onboarding = onboarding;
    }

    record OperatorForm(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,39}")
            String code,

            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String siteName,
            @NotNull SiteKind siteKind,
            @NotBlank @Size(min = 2, max = 64) String adminUsername,
            @NotBlank @Size(min = 8, max = 200) String adminPassword) {}

    @ModelAttribute("siteKinds")
    SiteKind[] siteKinds() {
        return SiteKind.values();
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("operators", operators.all());
        model.addAttribute("form", new OperatorForm("", "", "", SiteKind.OFFICE_TOWER, "", ""));
        return "identity/platform";
    }

    @PostMapping("/operators")
    String onboard(@Valid @ModelAttribute("form") OperatorForm form, BindingResult errors, Model model) {
        if (!errors.hasErrors()) {
            try {
                onboarding.onboard(new OperatorOnboarding.Onboard(
                        form.code(),
                        form.name(),
                        ZoneId.of("Asia/Shanghai"),
                        form.siteName(),
                        form.siteKind(),
                        form.adminUsername(),
                        form.adminPassword()));
                return "redirect:/platform";
            } catch (DuplicateKeyException e) {
                errors.rejectValue("code", "operator.codeTaken");
            } catch (ConflictException e) {
                errors.rejectValue("adminUsername", e.code());
            }
        }
        model.addAttribute("operators", operators.all());
        return "identity/platform";
    }
}
