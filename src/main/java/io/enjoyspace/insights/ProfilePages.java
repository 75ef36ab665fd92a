package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The member 360 and the enterprise profile in the console. */
@Controller
class ProfilePages {

    private final MemberProfileInsights members;
    private final EnterpriseProfiles enterprises;

    ProfilePages(MemberProfileInsights members, EnterpriseProfiles enterprises) {
        this.members = members;
        this.enterprises = enterprises;
    }

    @GetMapping("/console/members/{id}")
    String member(
            Actor actor,
            @PathVariable String id,
            @RequestParam(required = false) String before,
            Locale locale,
            Model model) {
        long operatorId = actor.requireOperator();
        long memberId = Ids.parse(id);
        MemberProfileInsights.Profile profile = members.profile(operatorId, memberId, locale);
        MemberProfileInsights.Timeline timeline = profile.timeline();
        if (before != null && !before.isBlank()) {
            try {
                timeline = members.timeline(operatorId, memberId, before, MemberProfileInsights.TIMELINE_PAGE, locale);
                model.addAttribute("older", true);
            } catch (InvalidInputException invalid) {
                model.addAttribute("timelineError", invalid.errors().get(0).code());
            }
        }
        double top =
                profile.interests().isEmpty() ? 1 : profile.interests().get(0).score();
        model.addAttribute("profile", profile);
        model.addAttribute("timeline", timeline);
        model.addAttribute("topInterest", top);
        return "insights/console-member-profile";
    }

    @GetMapping("/console/enterprises/{id}/profile")
    String enterprise(Actor actor, @PathVariable String id, Model model) {
        long operatorId = actor.requireOperator();
        EnterpriseProfiles.Profile profile = enterprises.profile(operatorId, Ids.parse(id));
        model.addAttribute("profile", profile);
        List<EnterpriseProfiles.MonthSpend> trend = profile.spendTrend();
        model.addAttribute(
                "trendMonths",
                trend.stream().map(EnterpriseProfiles.MonthSpend::month).collect(Collectors.joining(",")));
        model.addAttribute(
                "trendSpend",
                trend.stream()
                        .map(month -> BigDecimal.valueOf(month.amountMinor(), 2).toPlainString())
                        .collect(Collectors.joining(",")));
        model.addAttribute(
                "trendOrders",
                trend.stream().map(month -> Long.toString(month.orders())).collect(Collectors.joining(",")));
        return "insights/console-enterprise-profile";
    }
}
