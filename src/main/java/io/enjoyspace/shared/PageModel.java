package io.enjoyspace.shared;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page the signed-in {@link Actor} (or null) for its navigation and greeting. */
@ControllerAdvice(annotations = Controller.class)
class PageModel {

    @ModelAttribute("actor")
    Actor actor() {
        return signedIn();
    }

    static Actor signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Actor.Holder holder
                ? holder.actor()
                : null;
    }
}
