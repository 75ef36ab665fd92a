package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Checkout's group commit publishes one list event ({@link OrdersPaid}, {@link OrderStatusChanges}) instead of one
 * event per order, so a listener of the single event that does not also listen to the list misses every order paid in
 * a batch. This pins the contract for every bean of the application, whichever module it is in.
 */
class OrderListEventsTest {

    @Test
    void everyListenerOfOnePaidOrderAlsoListensToOrdersPaidTogether() {
        List<Class<?>> listeners = listenersOf(OrderPaid.class);

        assertThat(listeners)
                .extracting(Class::getSimpleName)
                .as("the scan finds the known listeners, so the check below is not vacuous")
                .contains("MembershipActivity", "MemberActivity", "FactListeners", "RuleFeeds");
        assertThat(listeners)
                .as("listeners of OrderPaid without a listener of OrdersPaid")
                .filteredOn(type -> !listensTo(type, OrdersPaid.class))
                .isEmpty();
    }

    @Test
    void everyListenerOfOneMoveAlsoListensToMovesMadeTogether() {
        List<Class<?>> listeners = listenersOf(OrderStatusChanged.class);

        assertThat(listeners)
                .extracting(Class::getSimpleName)
                .as("the scan finds the known listeners, so the check below is not vacuous")
                .contains("Notices", "ProviderOrders");
        assertThat(listeners)
                .as("listeners of OrderStatusChanged without a listener of OrderStatusChanges")
                .filteredOn(type -> !listensTo(type, OrderStatusChanges.class))
                .isEmpty();
    }

    /** The application's beans (components, services, repositories, configurations) with a listener of the event. */
    private static List<Class<?>> listenersOf(Class<?> event) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
        List<Class<?>> listeners = new ArrayList<>();
        for (BeanDefinition bean : scanner.findCandidateComponents("io.enjoyspace")) {
            Class<?> type =
                    ClassUtils.resolveClassName(bean.getBeanClassName(), OrderListEventsTest.class.getClassLoader());
            if (listensTo(type, event)) {
                listeners.add(type);
            }
        }
        return listeners;
    }

    /**
     * Whether a method of the type (or a superclass) listens to the event: annotated {@link EventListener} directly or
     * through an annotation that carries it (a transactional or application module listener), and taking the event.
     */
    private static boolean listensTo(Class<?> type, Class<?> event) {
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
            if (!AnnotatedElementUtils.hasAnnotation(method, EventListener.class)) {
                continue;
            }
            EventListener listener = AnnotatedElementUtils.findMergedAnnotation(method, EventListener.class);
            List<Class<?>> events = new ArrayList<>(List.of(method.getParameterTypes()));
            if (listener != null) {
                events.addAll(List.of(listener.classes()));
            }
            if (events.contains(event)) {
                return true;
            }
        }
        return false;
    }
}
