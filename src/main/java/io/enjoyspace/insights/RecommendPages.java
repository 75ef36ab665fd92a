package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Sites;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The member's recommendations on the portal home (a fragment the home page loads), and the console page that sends
 * targeted recommendation messages.
 */
@Controller
class RecommendPages {

    /** Shown on the portal home. */
    static final int PORTAL_LIMIT = 4;

    private final Recommendations recommendations;
    private final RecommendCampaigns campaigns;
    private final Sites sites;
    private final Segments segments;

    RecommendPages(Recommendations recommendations, RecommendCampaigns campaigns, Sites sites, Segments segments) {
        this.segments = segments;
        this.recommendations = recommendations;
        this.campaigns = campaigns;
        this.sites = sites;
    }

    /** One card: the offering and the reason in the reader's language. */
    record Card(long offeringId, String name, String categoryName, String reason, String reasonKind) {}

    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping("/portal/recommendations")
    String portal(Actor actor, Locale locale, Model model) {
        model.addAttribute(
                "cards",
                recommendations.forMember(actor.requireOperator(), actor.requireMember(), PORTAL_LIMIT).stream()
                        .map(ranked -> new Card(
                                ranked.offeringId(),
                                ranked.name(),
                                ranked.categoryName(),
                                recommendations.reasonText(ranked.reason(), locale),
                                ranked.reason().kind().name()))
                        .toList());
        return "insights/portal-recommendations :: cards";
    }

    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/console/insights/recommendations")
    String console(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        java.util.List<io.enjoyspace.tenancy.Site> all = sites.list(operatorId);
        model.addAttribute("sites", all);
        model.addAttribute(
                "siteNames",
                all.stream()
                        .collect(java.util.stream.Collectors.toMap(
                                io.enjoyspace.tenancy.Site::id, io.enjoyspace.tenancy.Site::name)));
        java.util.List<Segments.Segment> saved = segments.list(operatorId);
        model.addAttribute("segments", saved);
        model.addAttribute(
                "segmentNames",
                saved.stream()
                        .collect(java.util.stream.Collectors.toMap(Segments.Segment::id, Segments.Segment::name)));
        model.addAttribute("runs", campaigns.runs(operatorId, 20));
        model.addAttribute("runKey", UUID.randomUUID().toString());
        return "insights/console-recommendations";
    }

    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/console/insights/recommendations")
    String send(
            Actor actor,
            @RequestParam(required = false) String runKey,
            @RequestParam(required = false) String audience,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        // The audience is KIND:id, e.g. SITE:12 or SEGMENT:3.
        String[] parts = audience == null ? new String[0] : audience.split(":", 2);
        if (parts.length != 2 || parts[1].isBlank()) {
            redirect.addFlashAttribute("error", "recommend.audienceId");
            return "redirect:/console/insights/recommendations";
        }
        try {
            RecommendCampaigns.Run run = campaigns.send(
                    operatorId, actor.userId(), new IdempotencyKey(runKey), parts[0], Ids.parse(parts[1]));
            redirect.addFlashAttribute("sentRun", run);
        } catch (InvalidInputException | ConflictException refused) {
            redirect.addFlashAttribute("error", "recommend.sendFailed");
        }
        return "redirect:/console/insights/recommendations";
    }
}
