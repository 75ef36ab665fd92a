package io.enjoyspace.demo;

import io.enjoyspace.booking.BookingPolicies;
import io.enjoyspace.booking.BookingPolicy;
import io.enjoyspace.booking.CancellationTerms;
import io.enjoyspace.booking.OpeningHours;
import io.enjoyspace.booking.PolicyScope;
import io.enjoyspace.booking.Resource;
import io.enjoyspace.booking.ResourceType;
import io.enjoyspace.booking.Resources;
import io.enjoyspace.booking.Resources.ResourceDraft;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.Sites;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo rooms, desks, a venue and equipment at the demo operator's two sites, with opening hours and two booking
 * policies. Loaded once when the application is ready, so after {@link DemoData}: every application runner has run by
 * then, whatever their order (DemoData declares none, so no runner order could come after it for sure).
 */
@Component
@Profile("demo")
class DemoBooking {

    private static final Logger log = LoggerFactory.getLogger(DemoBooking.class);

    private final Operators operators;
    private final Sites sites;
    private final Resources resources;
    private final BookingPolicies policies;
    private final TransactionTemplate transaction;

    DemoBooking(
            Operators operators,
            Sites sites,
            Resources resources,
            BookingPolicies policies,
            TransactionTemplate transaction) {
        this.operators = operators;
        this.sites = sites;
        this.resources = resources;
        this.policies = policies;
        this.transaction = transaction;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Operator demo = operators.findByCode("demo").orElse(null);
        if (demo == null || !resources.list(demo.id(), null, null, null, true).isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> load(demo.id()));
        log.info("Demo booking data loaded: rooms, desks, a venue and equipment at the demo sites");
    }

    private void load(long operatorId) {
        List<Site> demoSites = sites.list(operatorId);
        Site tower = demoSites.get(0);
        Site park = demoSites.size() > 1 ? demoSites.get(1) : tower;
        EnumSet<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

        List<Resource> rooms = new ArrayList<>();
        rooms.add(resources.create(
                operatorId,
                ResourceDraft.simple(tower.id(), ResourceType.MEETING_ROOM, "Huangpu Room 1801", 8, "18F", 12_000)
                        .withAmenities(List.of("Screen", "Whiteboard", "Video conferencing"))
                        .withPeak(18_000, weekdays, LocalTime.of(9, 0), LocalTime.of(12, 0))));
        rooms.add(resources.create(
                operatorId,
                ResourceDraft.simple(tower.id(), ResourceType.MEETING_ROOM, "Bund Boardroom 2001", 20, "20F", 30_000)
                        .withAmenities(List.of("Projector", "Video conferencing", "Tea service"))
                        .withMinBillableMinutes(60)));
        rooms.add(resources.create(
                operatorId,
                ResourceDraft.simple(tower.id(), ResourceType.MEETING_ROOM, "Phone booth 1802", 1, "18F", 0)));
        for (int i = 1; i <= 4; i++) {
            rooms.add(resources.create(
                    operatorId,
                    ResourceDraft.simple(tower.id(), ResourceType.DESK, "Hot desk A0" + i, 1, "17F", 2_000)
                            .withAmenities(List.of("Monitor", "Locker"))));
        }
        rooms.add(resources.create(
                operatorId,
                ResourceDraft.simple(tower.id(), ResourceType.VENUE, "Sky Lounge", 80, "56F", 150_000)
                        .withAmenities(List.of("Stage", "Sound system", "Catering"))
                        .withMinBillableMinutes(120)));
        rooms.add(resources.create(
                operatorId,
                ResourceDraft.simple(tower.id(), ResourceType.EQUIPMENT, "Portable projector", 1, "1F", 5_000)));
        rooms.add(resources.create(
                operatorId,
                ResourceDraft.simple(park.id(), ResourceType.MEETING_ROOM, "Keyuan Room P-101", 12, "1F", 8_000)
                        .withAmenities(List.of("Screen", "Whiteboard"))));
        rooms.add(resources.create(
                operatorId,
                ResourceDraft.simple(park.id(), ResourceType.VENUE, "Innovation Hall", 150, "1F", 100_000)
                        .withMinBillableMinutes(120)));

        List<OpeningHours> officeHours = new ArrayList<>();
        for (DayOfWeek day : weekdays) {
            officeHours.add(new OpeningHours(day, LocalTime.of(8, 0), LocalTime.of(21, 0)));
        }
        officeHours.add(new OpeningHours(DayOfWeek.SATURDAY, LocalTime.of(9, 0), LocalTime.of(18, 0)));
        for (Resource resource : rooms) {
            resources.setOpeningHours(operatorId, resource.id(), officeHours);
        }

        policies.create(
                operatorId,
                new BookingPolicy(
                        0,
                        10,
                        "Venues: approval and longer notice",
                        PolicyScope.ALL,
                        null,
                        null,
                        null,
                        ResourceType.VENUE,
                        60,
                        24 * 60,
                        120,
                        600,
                        30,
                        null,
                        true,
                        new CancellationTerms(72, 50, 24)));
        policies.create(
                operatorId,
                new BookingPolicy(
                        0,
                        100,
                        "Default",
                        PolicyScope.ALL,
                        null,
                        null,
                        null,
                        null,
                        30,
                        0,
                        30,
                        240,
                        10,
                        20,
                        false,
                        new CancellationTerms(24, 50, 2)));
    }
}
