package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Member and enterprise profiles. Member profiles (a person's purchases and visits) are for operator staff only; an
 * enterprise admin may read their own company's profile, which shows only counts and sums of its people.
 */
@Tag(name = "Profiles")
@RestController
class ProfileApiController {

    private final MemberProfileInsights members;
    private final EnterpriseProfiles enterprises;

    ProfileApiController(MemberProfileInsights members, EnterpriseProfiles enterprises) {
        this.members = members;
        this.enterprises = enterprises;
    }

    @Operation(
            summary = "A member's 360 profile (operator staff): identity, company and site, tier, points, wallet,"
                    + " figures over twelve months and ever, interests, lifecycle stage, last active day, and the first"
                    + " page of the timeline. tags and rfm are reserved for tags and RFM scores. Another operator's"
                    + " member answers 404.")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/members/{id}/profile")
    MemberProfileInsights.Profile memberProfile(Actor actor, @PathVariable String id, Locale locale) {
        return members.profile(actor.requireOperator(), Ids.parse(id), locale);
    }

    @Operation(
            summary = "A page of a member's timeline, newest first (operator staff). before: the nextBefore of the"
                    + " previous page (or an ISO instant); size 1 to 100. Views are left out.")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/members/{id}/profile/timeline")
    MemberProfileInsights.Timeline memberTimeline(
            Actor actor,
            @PathVariable String id,
            @RequestParam(required = false) String before,
            @RequestParam(defaultValue = "20") int size,
            Locale locale) {
        return members.timeline(actor.requireOperator(), Ids.parse(id), before, size, locale);
    }

    @Operation(
            summary = "A tenant company's profile (operator staff, or the company's own enterprise admin): industry,"
                    + " size, headcount versus registered and active employees, spend over twelve months by month,"
                    + " points, pool balance, lease and renewal date, satisfaction, and the health score with its"
                    + " components and the renewal-risk flag. Another operator's company answers 404.")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF', 'ENTERPRISE_ADMIN')")
    @GetMapping("/api/v1/enterprises/{id}/profile")
    EnterpriseProfiles.Profile enterpriseProfile(Actor actor, @PathVariable String id) {
        long enterpriseId = Ids.parse(id);
        if (actor.isEnterpriseAdmin() && !Long.valueOf(enterpriseId).equals(actor.enterpriseId())) {
            throw new NotFoundException();
        }
        return enterprises.profile(actor.requireOperator(), enterpriseId);
    }
}
