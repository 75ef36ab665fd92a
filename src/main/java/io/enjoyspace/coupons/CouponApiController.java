package io.enjoyspace.coupons;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Coupons")
@RestController
class CouponApiController {

    private final CouponTemplates templates;
    private final Coupons coupons;

    CouponApiController(CouponTemplates templates, Coupons coupons) {
        this.templates = templates;
        this.coupons = coupons;
    }

    record TemplateRequest(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 500) String description,
            @NotNull CouponKind kind,
            Long amountOffMinor,
            Integer percentOff,
            Long capMinor,
            Long thresholdMinor,
            @Size(max = 20) String offeringId,
            @Size(max = 40) String resourceTypeCode,
            Integer freeMinutes,
            Integer totalStock,
            Integer perMemberLimit,
            Integer validDays,
            OffsetDateTime validFrom,
            OffsetDateTime validTo,
            @Size(max = 100) List<String> categoryIds,
            @Size(max = 100) List<String> offeringIds,
            @Size(max = 100) List<String> siteIds,
            Boolean stacksWithPoints,
            Boolean stacksWithCoupons,
            Boolean claimable,
            @Size(max = 20) String campaignId) {

        CouponTemplates.NewTemplate template() {
            return new CouponTemplates.NewTemplate(
                    name,
                    description,
                    kind,
                    amountOffMinor,
                    percentOff,
                    capMinor,
                    thresholdMinor,
                    id(offeringId),
                    resourceTypeCode,
                    freeMinutes,
                    totalStock,
                    perMemberLimit,
                    validDays,
                    validFrom == null ? null : validFrom.toInstant(),
                    validTo == null ? null : validTo.toInstant(),
                    ids(categoryIds),
                    ids(offeringIds),
                    ids(siteIds),
                    stacksWithPoints,
                    stacksWithCoupons,
                    claimable,
                    id(campaignId));
        }
    }

    static Long id(String id) {
        return id == null || id.isBlank() ? null : Ids.parse(id);
    }

    static List<Long> ids(List<String> ids) {
        return ids == null ? List.of() : ids.stream().map(Ids::parse).toList();
    }

    record TemplateView(
            String id,
            String name,
            String description,
            CouponKind kind,
            Long amountOffMinor,
            Integer percentOff,
            Long capMinor,
            Long thresholdMinor,
            String offeringId,
            String resourceTypeCode,
            Integer freeMinutes,
            Integer totalStock,
            int issuedCount,
            Integer stockLeft,
            int perMemberLimit,
            Integer validDays,
            OffsetDateTime validFrom,
            OffsetDateTime validTo,
            List<String> categoryIds,
            List<String> offeringIds,
            List<String> siteIds,
            boolean stacksWithPoints,
            boolean stacksWithCoupons,
            boolean claimable,
            String campaignId,
            CouponTemplate.Status status) {

        static TemplateView of(CouponTemplate t) {
            return new TemplateView(
                    Long.toString(t.id()),
                    t.name(),
                    t.description(),
                    t.kind(),
                    t.amountOffMinor(),
                    t.percentOff(),
                    t.capMinor(),
                    t.thresholdMinor(),
                    text(t.offeringId()),
                    t.resourceTypeCode(),
                    t.freeMinutes(),
                    t.totalStock(),
                    t.issuedCount(),
                    t.stockLeft(),
                    t.perMemberLimit(),
                    t.validDays(),
                    utc(t.validFrom()),
                    utc(t.validTo()),
                    texts(t.categoryIds()),
                    texts(t.offeringIds()),
                    texts(t.siteIds()),
                    t.stacksWithPoints(),
                    t.stacksWithCoupons(),
                    t.claimable(),
                    text(t.campaignId()),
                    t.status());
        }
    }

    record CouponView(
            String id,
            String templateId,
            String templateName,
            CouponKind kind,
            String memberId,
            String code,
            CouponStatus status,
            CouponSource source,
            OffsetDateTime issuedAt,
            OffsetDateTime validFrom,
            OffsetDateTime validUntil,
            OffsetDateTime redeemedAt,
            String orderId,
            Long discountMinor,
            String qrUrl) {

        static CouponView of(Coupon c) {
            return new CouponView(
                    Long.toString(c.id()),
                    Long.toString(c.templateId()),
                    c.templateName(),
                    c.kind(),
                    Long.toString(c.memberId()),
                    c.code(),
                    c.status(),
                    c.source(),
                    utc(c.issuedAt()),
                    utc(c.validFrom()),
                    utc(c.validUntil()),
                    utc(c.redeemedAt()),
                    text(c.orderId()),
                    c.discountMinor(),
                    "/api/v1/me/coupons/" + c.id() + "/qr");
        }
    }

    record OfferView(TemplateView template, int held, boolean claimable) {}

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String text(Long id) {
        return id == null ? null : id.toString();
    }

    private static List<String> texts(List<Long> ids) {
        return ids.stream().map(String::valueOf).toList();
    }

    @Operation(
            summary = "Create a coupon template (operator admin)",
            description = "kind AMOUNT_OFF needs amountOffMinor (thresholdMinor optional); PERCENT_OFF percentOff 1-99"
                    + " (capMinor optional); THRESHOLD amountOffMinor and thresholdMinor; FREE_SERVICE offeringId;"
                    + " FREE_HOURS freeMinutes and resourceTypeCode or offeringId. Validity: validDays after issue"
                    + " and/or validFrom..validTo. Scope: categoryIds, offeringIds, siteIds (empty: all).")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/coupon-templates")
    ResponseEntity<TemplateView> create(Actor actor, @Valid @RequestBody TemplateRequest request) {
        CouponTemplate template = templates.create(actor.requireOperator(), request.template());
        return ResponseEntity.status(HttpStatus.CREATED).body(TemplateView.of(template));
    }

    @Operation(summary = "The operator's coupon templates, newest first (staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/coupon-templates")
    List<TemplateView> list(Actor actor) {
        return templates.list(actor.requireOperator()).stream()
                .map(TemplateView::of)
                .toList();
    }

    @Operation(summary = "One coupon template (staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/coupon-templates/{id}")
    TemplateView get(Actor actor, @PathVariable String id) {
        return TemplateView.of(templates.get(actor.requireOperator(), Ids.parse(id)));
    }

    record TemplateChangeRequest(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 500) String description,
            Integer totalStock,
            @NotNull Integer perMemberLimit,
            Integer validDays,
            OffsetDateTime validFrom,
            OffsetDateTime validTo,
            @Size(max = 100) List<String> categoryIds,
            @Size(max = 100) List<String> offeringIds,
            @Size(max = 100) List<String> siteIds) {

        CouponTemplates.TemplateChanges changes() {
            return new CouponTemplates.TemplateChanges(
                    name,
                    description,
                    totalStock,
                    perMemberLimit,
                    validDays,
                    validFrom == null ? null : validFrom.toInstant(),
                    validTo == null ? null : validTo.toInstant(),
                    ids(categoryIds),
                    ids(offeringIds),
                    ids(siteIds));
        }
    }

    @Operation(
            summary = "Change a coupon template (operator admin)",
            description = "Replaces the name, description, totalStock (null: no limit; never below the coupons"
                    + " issued, else 400 naming totalStock), perMemberLimit, validity (validDays and/or"
                    + " validFrom..validTo, for coupons issued from now on) and scope (categoryIds, offeringIds,"
                    + " siteIds; empty: all). What a coupon gives stays. An archived template answers 409.")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/coupon-templates/{id}")
    TemplateView update(Actor actor, @PathVariable String id, @Valid @RequestBody TemplateChangeRequest request) {
        return TemplateView.of(templates.update(actor.requireOperator(), Ids.parse(id), request.changes()));
    }

    @Operation(
            summary = "Archive a coupon template (operator admin): it issues no more coupons and cannot be changed;"
                    + " coupons already issued stay usable")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/coupon-templates/{id}/archive")
    TemplateView archive(Actor actor, @PathVariable String id) {
        return TemplateView.of(templates.archive(actor.requireOperator(), Ids.parse(id)));
    }

    record StatusRequest(@NotNull CouponTemplate.Status status) {}

    @Operation(summary = "Pause issuing a template's coupons (issued ones stay usable) or resume it (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/coupon-templates/{id}/status")
    TemplateView status(Actor actor, @PathVariable String id, @Valid @RequestBody StatusRequest request) {
        return TemplateView.of(templates.setStatus(actor.requireOperator(), Ids.parse(id), request.status()));
    }

    record IssueRequest(
            @NotNull Audience.Kind audience,
            @Size(max = 20) String siteId,
            @Size(max = 20) String enterpriseId,
            @Size(max = 40) String tierCode,
            @Size(max = 1000) List<String> memberIds,
            @Size(max = 20) String segmentId) {

        Audience toAudience() {
            return new Audience(audience, id(siteId), id(enterpriseId), tierCode, ids(memberIds), id(segmentId));
        }
    }

    record IssueView(String templateId, int issued, int skipped) {}

    @Operation(
            summary = "Grant a template's coupons to members or push them to an audience (staff; Idempotency-Key)",
            description = "audience ALL, SITE (siteId), ENTERPRISE (enterpriseId), TIER (tierCode), MEMBERS"
                    + " (memberIds) or SEGMENT (segmentId: an insights segment, its members at the push). All or nothing: when the stock cannot cover the audience nothing is issued (409);"
                    + " members holding the most allowed are skipped.")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/coupon-templates/{id}/issues")
    ResponseEntity<IssueView> issue(
            Actor actor,
            @PathVariable String id,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody IssueRequest request) {
        Coupons.PushResult result = coupons.push(
                actor.requireOperator(),
                Ids.parse(id),
                request.toAudience(),
                new IdempotencyKey(idempotencyKey),
                actor.userId());
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(result.replayed()))
                .body(new IssueView(Long.toString(result.templateId()), result.issued(), result.skipped()));
    }

    @Operation(summary = "The coupons issued of a template, newest first (staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/coupon-templates/{id}/coupons")
    List<CouponView> issued(
            Actor actor, @PathVariable String id, @RequestParam(defaultValue = "100") @Min(1) @Max(500) int size) {
        return coupons.ofTemplate(actor.requireOperator(), Ids.parse(id), size).stream()
                .map(CouponView::of)
                .toList();
    }

    record RedeemRequest(
            @NotBlank @Size(max = 40) String code,
            @Size(max = 20) String memberId,
            @NotNull @Min(1) Long spendMinor,
            @Size(max = 20) String siteId,
            @NotBlank @Size(max = 100) String reference) {}

    record RedemptionView(CouponView coupon, long discountMinor) {}

    @Operation(
            summary = "Use a coupon by its code outside an order, e.g. at a till (staff)",
            description = "spendMinor: what the member pays; answers the discount. Only coupons without a category"
                    + " or offering scope apply here; the rest apply at checkout.")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/coupon-redemptions")
    ResponseEntity<RedemptionView> redeem(Actor actor, @Valid @RequestBody RedeemRequest request) {
        Coupons.Redemption redemption = coupons.redeem(
                actor.requireOperator(),
                new Coupons.RedeemCoupon(
                        request.code(),
                        id(request.memberId()),
                        request.spendMinor(),
                        id(request.siteId()),
                        request.reference()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new RedemptionView(CouponView.of(redemption.coupon()), redemption.discountMinor()));
    }

    @Operation(summary = "The signed-in member's coupons: usable ones first, soonest to expire first")
    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping("/api/v1/me/coupons")
    List<CouponView> mine(Actor actor) {
        return coupons.wallet(actor.requireOperator(), actor.requireMember()).stream()
                .map(CouponView::of)
                .toList();
    }

    @Operation(summary = "The coupons the signed-in member may claim now, with how many of each they hold")
    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping("/api/v1/me/coupon-offers")
    List<OfferView> offers(Actor actor) {
        return coupons.claimCentre(actor.requireOperator(), actor.requireMember()).stream()
                .map(offer -> new OfferView(TemplateView.of(offer.template()), offer.held(), offer.claimable()))
                .toList();
    }

    record ClaimRequest(@NotBlank @Size(max = 20) String templateId) {}

    @Operation(summary = "Claim a coupon (member; Idempotency-Key honoured: a retry answers with the same coupon)")
    @PreAuthorize("hasRole('MEMBER')")
    @PostMapping("/api/v1/me/coupons")
    ResponseEntity<CouponView> claim(
            Actor actor,
            @RequestHeader(value = IdempotencyKey.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody ClaimRequest request) {
        Coupon coupon = coupons.claim(
                actor.requireOperator(),
                actor.requireMember(),
                Ids.parse(request.templateId()),
                idempotencyKey == null ? null : new IdempotencyKey(idempotencyKey));
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(coupon.replayed()))
                .body(CouponView.of(coupon));
    }

    @Operation(summary = "One of the signed-in member's coupons")
    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping("/api/v1/me/coupons/{id}")
    CouponView one(Actor actor, @PathVariable String id) {
        return CouponView.of(coupons.mine(actor.requireOperator(), actor.requireMember(), Ids.parse(id)));
    }

    @Operation(summary = "One of the signed-in member's coupons as a QR code of its code (SVG)")
    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping(value = "/api/v1/me/coupons/{id}/qr", produces = "image/svg+xml")
    ResponseEntity<String> qr(Actor actor, @PathVariable String id) {
        Coupon coupon = coupons.mine(actor.requireOperator(), actor.requireMember(), Ids.parse(id));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("Content-Type", "image/svg+xml")
                .body(CouponQr.svg(coupon.code()));
    }
}
