package io.enjoyspace.ordering;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.NotFoundException;

/** Staff see their operator's orders, an enterprise admin their company's, a member their own. */
final class OrderVisibility {

    private OrderVisibility() {}

    static Orders.Scope scopeOf(Actor actor) {
        long operatorId = actor.requireOperator();
        return switch (actor.role()) {
            case OPERATOR_ADMIN, OPERATOR_STAFF -> new Orders.Scope(operatorId, null, null);
            case ENTERPRISE_ADMIN -> new Orders.Scope(operatorId, actor.enterpriseId(), null);
            case MEMBER -> new Orders.Scope(operatorId, null, actor.requireMember());
            case PLATFORM_ADMIN, PROVIDER_ADMIN, PROVIDER_STAFF -> throw new NotFoundException();
        };
    }

    static Order visible(Actor actor, Order order) {
        Orders.Scope scope = scopeOf(actor);
        boolean visible = (scope.memberId() == null || scope.memberId() == order.memberId())
                && (scope.enterpriseId() == null || scope.enterpriseId().equals(order.enterpriseId()));
        if (!visible) {
            throw new NotFoundException();
        }
        return order;
    }
}
