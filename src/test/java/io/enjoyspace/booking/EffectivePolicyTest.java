package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EffectivePolicyTest {

    static BookingPolicy policy(
            PolicyScope scope, Long target, ResourceType type, Integer maxLength, Integer buffer, Boolean approval) {
        return new BookingPolicy(
                1,
                0,
                "p",
                scope,
                scope == PolicyScope.TIER ? "GOLD" : null,
                scope == PolicyScope.ENTERPRISE ? target : null,
                scope == PolicyScope.MEMBER ? target : null,
                type,
                null,
                null,
                null,
                maxLength,
                buffer,
                null,
                approval,
                null);
    }

    static final BookingPolicy.Subject GOLD_MEMBER_OF_5 = new BookingPolicy.Subject(9, 5L, "GOLD");
    static final BookingPolicy.Subject PLAIN = new BookingPolicy.Subject(10, null, null);

    @Test
    void eachSettingComesFromTheFirstMatchingPolicyThatSetsIt() {
        List<BookingPolicy> ordered = List.of(
                policy(PolicyScope.MEMBER, 9L, null, 60, null, null),
                policy(PolicyScope.ENTERPRISE, 5L, null, 90, 5, null),
                policy(PolicyScope.TIER, null, ResourceType.VENUE, 30, 30, true),
                policy(PolicyScope.ALL, null, null, 240, 10, false));

        EffectivePolicy gold = EffectivePolicy.merge(ordered, GOLD_MEMBER_OF_5, ResourceType.MEETING_ROOM);
        EffectivePolicy goldVenue = EffectivePolicy.merge(ordered, GOLD_MEMBER_OF_5, ResourceType.VENUE);
        EffectivePolicy plain = EffectivePolicy.merge(ordered, PLAIN, ResourceType.VENUE);

        assertThat(gold.maxLengthMinutes()).isEqualTo(60);
        assertThat(gold.bufferMinutes()).isEqualTo(5);
        assertThat(gold.approvalRequired()).isFalse();
        assertThat(goldVenue.approvalRequired()).isTrue();
        assertThat(plain.maxLengthMinutes()).isEqualTo(240);
        assertThat(plain.bufferMinutes()).isEqualTo(10);
    }

    @Test
    void withoutPoliciesNothingIsLimited() {
        EffectivePolicy none = EffectivePolicy.merge(List.of(), PLAIN, ResourceType.DESK);

        assertThat(none).isEqualTo(new EffectivePolicy(null, null, null, null, 0, null, false, null));
    }
}
