package io.enjoyspace.providers;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Category;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.Sites;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.stream.Collectors;
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

/** The console's providers: the list with expiring certificates flagged, onboarding, and one provider's page. */
@Controller
@PreAuthorize("hasRole('OPERATOR_ADMIN')")
class ProviderConsolePages {

    private final Providers providers;
    private final ProviderUsers users;
    private final ProviderApiKeys keys;
    private final WebhookEndpoints endpoints;
    private final Webhooks webhooks;
    private final Catalog catalog;
    private final Sites sites;

    ProviderConsolePages(
            Providers providers,
            ProviderUsers users,
            ProviderApiKeys keys,
            WebhookEndpoints endpoints,
            Webhooks webhooks,
            Catalog catalog,
            Sites sites) {
        this.providers = providers;
        this.users = users;
        this.keys = keys;
        this.endpoints = endpoints;
        this.webhooks = webhooks;
        this.catalog = catalog;
        this.sites = sites;
    }

    record UserForm(
            @NotBlank @Size(min = 2, max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*")
            String username,

            @NotBlank @Size(max = 100) String displayName,
            @NotBlank @Size(min = 8, max = 200) String password,
            @NotNull Role role) {}

    @ModelAttribute("certifications")
    CertificationStatus[] certifications() {
        return CertificationStatus.values();
    }

    @GetMapping("/console/providers")
    String list(Actor actor, Model model) {
        model.addAttribute("form", ProviderForm.empty());
        return listPage(actor.requireOperator(), model);
    }

    @PostMapping("/console/providers")
    String create(
            Actor actor,
            @Valid @ModelAttribute("form") ProviderForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        if (!errors.hasErrors()) {
            try {
                Provider created = providers.create(operatorId, form.details(List.of()));
                redirect.addFlashAttribute("saved", created.name());
                return "redirect:/console/providers/" + created.id();
            } catch (InvalidInputException e) {
                reject(errors, e);
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
            }
        }
        return listPage(operatorId, model);
    }

    @GetMapping("/console/providers/{id}")
    String detail(Actor actor, @PathVariable String id, Model model) {
        long operatorId = actor.requireOperator();
        Provider provider = providers.get(operatorId, Ids.parse(id));
        model.addAttribute("form", ProviderForm.of(provider));
        return detailPage(operatorId, provider, model);
    }

    @PostMapping("/console/providers/{id}")
    String update(
            Actor actor,
            @PathVariable String id,
            @Valid @ModelAttribute("form") ProviderForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Provider provider = providers.get(operatorId, Ids.parse(id));
        if (!errors.hasErrors()) {
            try {
                Provider saved = providers.update(operatorId, provider.id(), form.details(provider.contacts()));
                redirect.addFlashAttribute("saved", saved.name());
                return "redirect:/console/providers/" + saved.id();
            } catch (InvalidInputException e) {
                reject(errors, e);
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
            }
        }
        return detailPage(operatorId, provider, model);
    }

    @PostMapping("/console/providers/{id}/suspend")
    String suspend(
            Actor actor, @PathVariable String id, @RequestParam("reason") String reason, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        try {
            providers.suspend(operatorId, Ids.parse(id), reason);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("suspendError", e.errors().get(0).code());
        }
        return "redirect:/console/providers/" + Ids.parse(id);
    }

    @PostMapping("/console/providers/{id}/reactivate")
    String reactivate(Actor actor, @PathVariable String id) {
        providers.reactivate(actor.requireOperator(), Ids.parse(id));
        return "redirect:/console/providers/" + Ids.parse(id);
    }

    @PostMapping("/console/providers/{id}/users")
    String createUser(
            Actor actor,
            @PathVariable String id,
            @Valid @ModelAttribute("userForm") UserForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Provider provider = providers.get(operatorId, Ids.parse(id));
        if (!errors.hasErrors()) {
            try {
                users.create(
                        operatorId, provider.id(), form.username(), form.displayName(), form.password(), form.role());
                redirect.addFlashAttribute("userCreated", form.username());
                return "redirect:/console/providers/" + provider.id();
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.rejectValue(error.field(), error.code()));
            } catch (ConflictException e) {
                errors.rejectValue("username", e.code());
            }
        }
        model.addAttribute("form", ProviderForm.of(provider));
        return detailPage(operatorId, provider, model);
    }

    @PostMapping("/console/providers/{id}/api-keys")
    String issueKey(
            Actor actor, @PathVariable String id, @RequestParam("label") String label, RedirectAttributes redirect) {
        long providerId = Ids.parse(id);
        try {
            ProviderApiKeys.IssuedKey issued = keys.issue(actor.requireOperator(), providerId, label);
            redirect.addFlashAttribute("issuedKeyId", issued.key().keyId());
            redirect.addFlashAttribute("issuedSecret", issued.secret());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("keyError", e.errors().get(0).code());
        }
        return "redirect:/console/providers/" + providerId + "#keys";
    }

    @PostMapping("/console/providers/{id}/api-keys/{keyId}/revoke")
    String revokeKey(Actor actor, @PathVariable String id, @PathVariable String keyId) {
        keys.revoke(actor.requireOperator(), Ids.parse(id), Ids.parse(keyId));
        return "redirect:/console/providers/" + Ids.parse(id) + "#keys";
    }

    @PostMapping("/console/providers/{id}/webhook")
    String configure(
            Actor actor, @PathVariable String id, @RequestParam("url") String url, RedirectAttributes redirect) {
        long providerId = Ids.parse(id);
        try {
            WebhookEndpoints.EndpointChange change = endpoints.configure(actor.requireOperator(), providerId, url);
            redirect.addFlashAttribute("webhookSecret", change.newSecret());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("webhookError", e.errors().get(0).code());
            redirect.addFlashAttribute("webhookUrl", url);
        }
        return "redirect:/console/providers/" + providerId + "#webhook";
    }

    @PostMapping("/console/providers/{id}/webhook/rotate-secret")
    String rotate(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        long providerId = Ids.parse(id);
        try {
            redirect.addFlashAttribute(
                    "webhookSecret",
                    endpoints.rotateSecret(actor.requireOperator(), providerId).newSecret());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("webhookError", e.code());
        }
        return "redirect:/console/providers/" + providerId + "#webhook";
    }

    @PostMapping("/console/providers/{id}/webhook/ping")
    String ping(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        long providerId = Ids.parse(id);
        redirect.addFlashAttribute("pinged", webhooks.ping(actor.requireOperator(), providerId));
        return "redirect:/console/providers/" + providerId + "#deliveries";
    }

    @PostMapping("/console/providers/{id}/webhook-deliveries/{deliveryId}/redeliver")
    String redeliver(
            Actor actor, @PathVariable String id, @PathVariable String deliveryId, RedirectAttributes redirect) {
        long providerId = Ids.parse(id);
        redirect.addFlashAttribute(
                "redelivered",
                webhooks.redeliver(actor.requireOperator(), providerId, Ids.parse(deliveryId))
                        .id());
        return "redirect:/console/providers/" + providerId + "#deliveries";
    }

    private static void reject(BindingResult errors, InvalidInputException e) {
        e.errors()
                .forEach(error ->
                        errors.rejectValue(ProviderForm.FIELDS.getOrDefault(error.field(), "name"), error.code()));
    }

    private void options(long operatorId, Model model) {
        List<Category> categories = catalog.categories(operatorId);
        List<Site> siteList = sites.list(operatorId);
        model.addAttribute("categories", categories);
        model.addAttribute("sites", siteList);
        model.addAttribute(
                "categoryNames", categories.stream().collect(Collectors.toMap(Category::id, Category::name)));
        model.addAttribute("siteNames", siteList.stream().collect(Collectors.toMap(Site::id, Site::name)));
    }

    private String listPage(long operatorId, Model model) {
        options(operatorId, model);
        List<Provider> all = providers.list(operatorId);
        model.addAttribute("providers", all);
        model.addAttribute(
                "expiringSoon",
                all.stream().filter(Provider::certificationExpiringSoon).count());
        return "providers/console-providers";
    }

    private String detailPage(long operatorId, Provider provider, Model model) {
        options(operatorId, model);
        model.addAttribute("provider", provider);
        if (!model.containsAttribute("userForm")) {
            model.addAttribute("userForm", new UserForm("", "", "", Role.PROVIDER_ADMIN));
        }
        model.addAttribute("providerRoles", ProviderUsers.GRANTABLE);
        model.addAttribute("users", users.list(operatorId, provider.id()));
        model.addAttribute("keys", keys.list(operatorId, provider.id()));
        model.addAttribute("endpoint", endpoints.find(operatorId, provider.id()).orElse(null));
        model.addAttribute("deliveries", webhooks.deliveries(operatorId, provider.id(), 50));
        model.addAttribute("base", "/console/providers/" + provider.id());
        return "providers/console-provider";
    }
}
