package io.enjoyspace.identity;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.InvalidInputException;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Sign-in, registration, and the front door that sends each role to its own pages. */
@Controller
class SignInPages {

    private final Registrations registrations;

    SignInPages(Registrations registrations) {
        this.registrations = registrations;
    }

    @GetMapping("/")
    String home(Actor actor) {
        return switch (actor.role()) {
            case PLATFORM_ADMIN -> "redirect:/platform";
            case OPERATOR_ADMIN, OPERATOR_STAFF -> "redirect:/console";
            case ENTERPRISE_ADMIN -> "redirect:/enterprise";
            case MEMBER -> "redirect:/portal";
            case PROVIDER_ADMIN, PROVIDER_STAFF -> "redirect:/provider";
        };
    }

    @GetMapping("/login")
    String login() {
        return "identity/login";
    }

    @GetMapping("/register")
    String registerForm(
            @RequestParam(name = "code", required = false) String code,
            @RequestParam(name = "ref", required = false) String referralCode,
            Model model) {
        model.addAttribute(
                "form",
                new RegistrationForm(
                        code == null ? "" : code, "", "", "", "", referralCode == null ? "" : referralCode));
        return "identity/register";
    }

    @PostMapping("/register")
    String register(
            @Valid @ModelAttribute("form") RegistrationForm form, BindingResult errors, RedirectAttributes redirect) {
        if (!errors.hasErrors()) {
            try {
                Registrations.Registered registered = registrations.register(form.command());
                redirect.addAttribute("registered", registered.username());
                return "redirect:/login";
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.rejectValue(error.field(), error.code()));
            }
        }
        return "identity/register";
    }
}
