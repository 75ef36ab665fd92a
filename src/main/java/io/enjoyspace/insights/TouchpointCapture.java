package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Records the portal's offering pages and category shelves a member opens, on the server, so that a view counts even
 * without the page's script. The catalog knows nothing of it: insights watches the requests.
 */
@Configuration
class TouchpointCapture implements WebMvcConfigurer, HandlerInterceptor {

    private static final Pattern OFFERING_PAGE = Pattern.compile("/portal/offerings/([0-9]{1,18})");
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    private final Touchpoints touchpoints;

    TouchpointCapture(Touchpoints touchpoints) {
        this.touchpoints = touchpoints;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/portal", "/portal/offerings/*");
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        if (failure != null || response.getStatus() != 200 || !"GET".equals(request.getMethod())) {
            return;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Actor.Holder holder)) {
            return;
        }
        Actor actor = holder.actor();
        if (!actor.isMember() || actor.operatorId() == null) {
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher offering = OFFERING_PAGE.matcher(path);
        if (offering.matches()) {
            touchpoints.viewed(actor, FactKind.OFFERING_VIEW, offering.group(1));
            return;
        }
        String category = request.getParameter("category");
        if ("/portal".equals(path) && category != null && ID.matcher(category).matches()) {
            touchpoints.viewed(actor, FactKind.CATEGORY_VIEW, category);
        }
    }
}
