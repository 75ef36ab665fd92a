package io.enjoyspace.tenancy;

import java.util.Optional;
import org.springframework.stereotype.Component;

/** Resolves the code a person types when registering: an enterprise's code, or a site's. */
@Component
public class Invitations {

    private final Enterprises enterprises;
    private final Sites sites;

    Invitations(Enterprises enterprises, Sites sites) {
        this.enterprises = enterprises;
        this.sites = sites;
    }

    public Optional<Invitation> resolve(String code) {
        Optional<Invitation> enterprise = enterprises
                .findByInvitationCode(code)
                .map(found -> new Invitation(found.operatorId(), found.siteId(), found.id()));
        return enterprise.isPresent()
                ? enterprise
                : sites.findByInvitationCode(code).map(site -> new Invitation(site.operatorId(), site.id(), null));
    }
}
