package io.enjoyspace.engagement;

import io.enjoyspace.shared.Actor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The portal's navigation shows how many notices a member has not read. */
@ControllerAdvice(annotations = Controller.class)
class InboxBadge {

    private final Inbox inbox;

    InboxBadge(Inbox inbox) {
        this.inbox = inbox;
    }

    @ModelAttribute("inboxUnread")
    Long unread() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        // Only the portal's pages show the badge; API calls should not pay for the count.
        var attributes = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        boolean portalPage =
                attributes instanceof org.springframework.web.context.request.ServletRequestAttributes servlet
                        && servlet.getRequest().getRequestURI().startsWith("/portal");
        if (portalPage
                && authentication != null
                && authentication.getPrincipal() instanceof Actor.Holder holder
                && holder.actor().isMember()) {
            Actor actor = holder.actor();
            return inbox.unread(actor.requireOperator(), actor.requireMember());
        }
        return 0L;
    }
}
