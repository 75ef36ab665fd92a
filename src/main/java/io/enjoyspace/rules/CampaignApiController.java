package io.enjoyspace.rules;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Rules")
@RestController
@RequestMapping("/api/v1/campaigns")
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class CampaignApiController {

    private final Campaigns campaigns;

    CampaignApiController(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    record CampaignRequest(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 500) String description,
            @NotNull OffsetDateTime startsAt,
            @NotNull OffsetDateTime endsAt,
            @Min(1) @Max(1_000_000_000) Long budgetPoints,
            @Pattern(regexp = "^#[0-9a-fA-F]{6}$") String color,
            @Min(1) @Max(100_000_000_000L) Long couponBudgetMinor) {

        Campaigns.Settings settings() {
            return new Campaigns.Settings(
                    name,
                    description,
                    startsAt.toInstant(),
                    endsAt.toInstant(),
                    budgetPoints,
                    color,
                    couponBudgetMinor);
        }
    }

    record CampaignView(
            String id,
            String name,
            String description,
            OffsetDateTime startsAt,
            OffsetDateTime endsAt,
            Long budgetPoints,
            long awardedPoints,
            long awards,
            Integer percentUsed,
            String color,
            List<String> ruleIds,
            Long couponBudgetMinor,
            long couponDiscountMinor,
            long couponRedemptions,
            long couponsIssued,
            Integer couponPercentUsed) {

        static CampaignView of(Campaigns.Meter meter) {
            Campaign campaign = meter.campaign();
            return new CampaignView(
                    Long.toString(campaign.id()),
                    campaign.name(),
                    campaign.description(),
                    RulesApiController.utc(campaign.startsAt()),
                    RulesApiController.utc(campaign.endsAt()),
                    campaign.budgetPoints(),
                    meter.awardedPoints(),
                    meter.awards(),
                    meter.percentUsed(),
                    campaign.color(),
                    meter.rules().stream().map(rule -> Long.toString(rule.id())).toList(),
                    campaign.couponBudgetMinor(),
                    meter.coupons().discountMinor(),
                    meter.coupons().redemptions(),
                    meter.coupons().issued(),
                    meter.couponPercentUsed());
        }
    }

    @Operation(summary = "The operator's campaigns with their budget meters, newest first")
    @GetMapping
    List<CampaignView> list(Actor actor) {
        long operatorId = actor.requireOperator();
        return campaigns.list(operatorId).stream()
                .map(campaign -> CampaignView.of(campaigns.meter(operatorId, campaign.id())))
                .toList();
    }

    @Operation(summary = "One campaign with its budget meter and rules")
    @GetMapping("/{id}")
    CampaignView get(Actor actor, @PathVariable String id) {
        return CampaignView.of(campaigns.meter(actor.requireOperator(), Ids.parse(id)));
    }

    @Operation(summary = "Create a campaign; attach bonus rules to it by campaignId (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CampaignView create(Actor actor, @Valid @RequestBody CampaignRequest request) {
        long operatorId = actor.requireOperator();
        Campaign campaign = campaigns.create(operatorId, request.settings());
        return CampaignView.of(campaigns.meter(operatorId, campaign.id()));
    }

    @Operation(summary = "Change a campaign's dates, budget or name (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/{id}")
    CampaignView update(Actor actor, @PathVariable String id, @Valid @RequestBody CampaignRequest request) {
        long operatorId = actor.requireOperator();
        Campaign campaign = campaigns.update(operatorId, Ids.parse(id), request.settings());
        return CampaignView.of(campaigns.meter(operatorId, campaign.id()));
    }
}
