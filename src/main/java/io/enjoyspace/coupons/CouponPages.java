package io.enjoyspace.coupons;

import io.enjoyspace.booking.ResourceType;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.rules.Campaigns;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
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

/**
 * The console's coupon templates (create, pause, grant and push) and the member's coupon wallet and claim centre in
 * the portal.
 */
@Controller
class CouponPages {

    private static final Map<String, String> FORM_FIELDS = Map.of(
            "amountOffMinor", "amountOffYuan",
            "capMinor", "capYuan",
            "thresholdMinor", "thresholdYuan",
            "validTo", "validUntil",
            "scope", "categoryIds");

    private final CouponTemplates templates;
    private final Coupons coupons;
    private final Catalog catalog;
    private final Campaigns campaigns;
    private final Sites sites;
    private final Enterprises enterprises;
    private final Members members;
    private final Operators operators;
    private final org.springframework.beans.factory.ObjectProvider<CouponAudienceSegments> segments;

    CouponPages(
            CouponTemplates templates,
            Coupons coupons,
            Catalog catalog,
            Campaigns campaigns,
            Sites sites,
            Enterprises enterprises,
            Members members,
            Operators operators,
            org.springframework.beans.factory.ObjectProvider<CouponAudienceSegments> segments) {
        this.templates = templates;
        this.coupons = coupons;
        this.catalog = catalog;
        this.campaigns = campaigns;
        this.sites = sites;
        this.enterprises = enterprises;
        this.members = members;
        this.operators = operators;
        this.segments = segments;
    }

    /** The template form: amounts in yuan, the validity's last day in the operator's time zone. */
    record TemplateForm(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 500) String description,
            @NotNull CouponKind kind,

            @DecimalMin("0.01") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2)
            BigDecimal amountOffYuan,

            @Min(1) @Max(99) Integer percentOff,

            @DecimalMin("0.01") @DecimalMax("1000000") @Digits(integer = 7, fraction = 2)
            BigDecimal capYuan,

            @DecimalMin("0.01") @DecimalMax("10000000") @Digits(integer = 8, fraction = 2)
            BigDecimal thresholdYuan,

            Long offeringId,
            String resourceTypeCode,
            @Min(1) @Max(100_000) Integer freeMinutes,
            @Min(1) @Max(10_000_000) Integer totalStock,
            @Min(1) @Max(1000) Integer perMemberLimit,
            @Min(1) @Max(3650) Integer validDays,

            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate validUntil,

            List<Long> categoryIds,
            boolean stacksWithPoints,
            boolean stacksWithCoupons,
            boolean claimable,
            Long campaignId) {

        static TemplateForm blank() {
            return new TemplateForm(
                    "",
                    "",
                    CouponKind.AMOUNT_OFF,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    1,
                    30,
                    null,
                    List.of(),
                    true,
                    false,
                    true,
                    null);
        }

        CouponTemplates.NewTemplate template(ZoneId zone) {
            return new CouponTemplates.NewTemplate(
                    name,
                    description,
                    kind,
                    minor(amountOffYuan),
                    percentOff,
                    minor(capYuan),
                    minor(thresholdYuan),
                    offeringId,
                    resourceTypeCode,
                    freeMinutes,
                    totalStock,
                    perMemberLimit,
                    validDays,
                    null,
                    validUntil == null
                            ? null
                            : validUntil.plusDays(1).atStartOfDay(zone).toInstant(),
                    categoryIds,
                    List.of(),
                    List.of(),
                    stacksWithPoints,
                    stacksWithCoupons,
                    claimable,
                    campaignId);
        }

        private static Long minor(BigDecimal yuan) {
            return yuan == null ? null : yuan.movePointRight(2).longValueExact();
        }
    }

    @GetMapping("/console/coupons")
    String console(Actor actor, Model model) {
        model.addAttribute("form", TemplateForm.blank());
        return console(actor.requireOperator(), model);
    }

    private String console(long operatorId, Model model) {
        model.addAttribute("templates", templates.list(operatorId));
        model.addAttribute("kinds", CouponKind.values());
        model.addAttribute("offerings", catalog.offerings(operatorId, null, true));
        model.addAttribute("categories", catalog.categories(operatorId));
        model.addAttribute("resourceTypes", ResourceType.values());
        model.addAttribute("campaigns", campaigns.list(operatorId));
        return "coupons/console-coupons";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/coupons")
    String create(Actor actor, @Valid @ModelAttribute("form") TemplateForm form, BindingResult errors, Model model) {
        long operatorId = actor.requireOperator();
        if (!errors.hasErrors()) {
            try {
                CouponTemplate template = templates.create(
                        operatorId, form.template(operators.get(operatorId).timeZone()));
                return "redirect:/console/coupons/" + template.id() + "?created";
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
            } catch (InvalidInputException e) {
                for (InvalidInputException.FieldError error : e.errors()) {
                    errors.rejectValue(
                            FORM_FIELDS.getOrDefault(error.field(), error.field()),
                            error.code(),
                            error.arguments(),
                            null);
                }
            } catch (NotFoundException e) {
                errors.reject("coupons.unknownReference");
            }
        }
        return console(operatorId, model);
    }

    /** The edit form: what may change after creation, the validity's last day in the operator's time zone. */
    record EditForm(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 500) String description,
            @Min(1) @Max(10_000_000) Integer totalStock,
            @NotNull @Min(1) @Max(1000) Integer perMemberLimit,
            @Min(1) @Max(3650) Integer validDays,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate validUntil,
            List<Long> categoryIds,
            List<Long> siteIds) {

        static EditForm of(CouponTemplate template, ZoneId zone) {
            return new EditForm(
                    template.name(),
                    template.description(),
                    template.totalStock(),
                    template.perMemberLimit(),
                    template.validDays(),
                    template.validTo() == null
                            ? null
                            : template.validTo().atZone(zone).toLocalDate().minusDays(1),
                    template.categoryIds(),
                    template.siteIds());
        }

        CouponTemplates.TemplateChanges changes(CouponTemplate template, ZoneId zone) {
            return new CouponTemplates.TemplateChanges(
                    name,
                    description,
                    totalStock,
                    perMemberLimit,
                    validDays,
                    template.validFrom(),
                    validUntil == null
                            ? null
                            : validUntil.plusDays(1).atStartOfDay(zone).toInstant(),
                    categoryIds,
                    template.offeringIds(),
                    siteIds);
        }
    }

    @GetMapping("/console/coupons/{id}")
    String template(Actor actor, @PathVariable String id, Model model) {
        long operatorId = actor.requireOperator();
        CouponTemplate template = templates.get(operatorId, Ids.parse(id));
        model.addAttribute(
                "editForm", EditForm.of(template, operators.get(operatorId).timeZone()));
        return template(operatorId, template, model);
    }

    private String template(long operatorId, CouponTemplate template, Model model) {
        model.addAttribute("template", template);
        model.addAttribute("categories", catalog.categories(operatorId));
        List<Coupon> issued = coupons.ofTemplate(operatorId, template.id(), 50);
        model.addAttribute("issued", issued);
        model.addAttribute(
                "memberNames",
                members.names(
                        operatorId,
                        issued.stream().map(Coupon::memberId).distinct().toList()));
        model.addAttribute("sites", sites.list(operatorId));
        model.addAttribute("enterprises", enterprises.list(operatorId));
        model.addAttribute("audiences", Audience.Kind.values());
        CouponAudienceSegments bySegment = segments.getIfAvailable();
        model.addAttribute("segments", bySegment == null ? java.util.Map.of() : bySegment.segments(operatorId));
        model.addAttribute("pushKey", UUID.randomUUID().toString());
        if (template.campaignId() != null) {
            model.addAttribute("campaign", campaigns.get(operatorId, template.campaignId()));
        }
        if (template.offeringId() != null) {
            catalog.findOffering(operatorId, template.offeringId())
                    .ifPresent(offering -> model.addAttribute("offering", offering));
        }
        return "coupons/console-coupon";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/coupons/{id}/edit")
    String edit(
            Actor actor,
            @PathVariable String id,
            @Valid @ModelAttribute("editForm") EditForm form,
            BindingResult errors,
            Model model) {
        long operatorId = actor.requireOperator();
        CouponTemplate template = templates.get(operatorId, Ids.parse(id));
        if (!errors.hasErrors()) {
            try {
                templates.update(
                        operatorId,
                        template.id(),
                        form.changes(template, operators.get(operatorId).timeZone()));
                return "redirect:/console/coupons/" + template.id() + "?saved";
            } catch (ConflictException e) {
                errors.reject(e.code());
            } catch (InvalidInputException e) {
                for (InvalidInputException.FieldError error : e.errors()) {
                    String field = FORM_FIELDS.getOrDefault(error.field(), error.field());
                    if ("offeringIds".equals(field) || "validFrom".equals(field)) {
                        errors.reject(error.code(), error.arguments(), null);
                    } else {
                        errors.rejectValue(field, error.code(), error.arguments(), null);
                    }
                }
            } catch (NotFoundException e) {
                errors.reject("coupons.unknownReference");
            }
        }
        return template(operatorId, template, model);
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/coupons/{id}/archive")
    String archive(Actor actor, @PathVariable String id) {
        CouponTemplate template = templates.archive(actor.requireOperator(), Ids.parse(id));
        return "redirect:/console/coupons/" + template.id();
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/coupons/{id}/status")
    String status(Actor actor, @PathVariable String id, @RequestParam CouponTemplate.Status status) {
        CouponTemplate template = templates.setStatus(actor.requireOperator(), Ids.parse(id), status);
        return "redirect:/console/coupons/" + template.id();
    }

    @PostMapping("/console/coupons/{id}/issues")
    String push(
            Actor actor,
            @PathVariable String id,
            @RequestParam Audience.Kind audience,
            @RequestParam(required = false) Long siteId,
            @RequestParam(required = false) Long enterpriseId,
            @RequestParam(required = false) String tierCode,
            @RequestParam(required = false) String mobiles,
            @RequestParam(required = false) Long segmentId,
            @RequestParam String key,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        long templateId = Ids.parse(id);
        try {
            List<Long> memberIds = new ArrayList<>();
            if (audience == Audience.Kind.MEMBERS) {
                for (String mobile : (mobiles == null ? "" : mobiles).split("[\\s,;]+")) {
                    if (mobile.isBlank()) {
                        continue;
                    }
                    Member member = members.findByMobile(operatorId, mobile.strip())
                            .orElseThrow(() -> new InvalidInputException(List.of(new InvalidInputException.FieldError(
                                    "mobiles", "coupons.unknownMobile", List.of(mobile.strip())))));
                    memberIds.add(member.id());
                }
            }
            Coupons.PushResult result = coupons.push(
                    operatorId,
                    templateId,
                    new Audience(audience, siteId, enterpriseId, tierCode, memberIds, segmentId),
                    new IdempotencyKey(key),
                    actor.userId());
            redirect.addFlashAttribute("pushed", result);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("pushError", e.errors().get(0));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("pushError", new InvalidInputException.FieldError("audience", e.code()));
        }
        return "redirect:/console/coupons/" + templateId;
    }

    // ---- the member portal

    @GetMapping("/portal/coupons")
    String portal(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        long memberId = actor.requireMember();
        model.addAttribute("coupons", coupons.wallet(operatorId, memberId));
        model.addAttribute("offers", coupons.claimCentre(operatorId, memberId));
        model.addAttribute("claimKey", UUID.randomUUID().toString());
        return "coupons/portal-coupons";
    }

    @PostMapping("/portal/coupons")
    String claim(Actor actor, @RequestParam String templateId, @RequestParam String key, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        try {
            Coupon coupon =
                    coupons.claim(operatorId, actor.requireMember(), Ids.parse(templateId), new IdempotencyKey(key));
            redirect.addFlashAttribute("claimed", coupon);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("claimError", e.code());
        }
        return "redirect:/portal/coupons";
    }

    @GetMapping(value = "/portal/coupons/{id}/qr", produces = "image/svg+xml")
    ResponseEntity<String> qr(Actor actor, @PathVariable String id) {
        Coupon coupon = coupons.mine(actor.requireOperator(), actor.requireMember(), Ids.parse(id));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Content-Type", "image/svg+xml")
                .body(CouponQr.svg(coupon.code()));
    }
}
