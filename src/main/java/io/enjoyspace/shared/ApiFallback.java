package io.enjoyspace.shared;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Any API path that no controller serves answers 404 as a problem, like an unknown id. */
@RestController
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiFallback {

    @RequestMapping("/api/**")
    void unknownPath() {
        throw new NotFoundException();
    }
}
