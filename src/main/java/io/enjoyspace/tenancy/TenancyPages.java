package io.enjoyspace.tenancy;

import io.enjoyspace.shared.Actor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's tenants: sites with their invitation codes, enterprises with their leases, and members. */
@Controller
class TenancyPages {

    private final Sites sites;
    private final Enterprises enterprises;
    private final Members members;

    TenancyPages(Sites sites, Enterprises enterprises, Members members) {
        this.sites = sites;
        this.enterprises = enterprises;
        this.members = members;
    }

    @GetMapping("/console/tenants")
    String tenants(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("sites", sites.list(operatorId));
        model.addAttribute("enterprises", enterprises.list(operatorId));
        model.addAttribute("members", members.list(operatorId, null, 200));
        model.addAttribute("memberCount", members.count(operatorId));
        return "tenancy/console-tenants";
    }
}
