package io.enjoyspace.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemberProfileTest {

    private static MemberProfile profile(String email, String jobTitle, LocalDate birthday, List<Interest> interests) {
        return new MemberProfile(1, "Ann", "18060000000", email, jobTitle, birthday, null, interests, null);
    }

    @Test
    void aProfileIsCompleteWithNameEmailJobTitleBirthdayAndAnInterest() {
        MemberProfile profile =
                profile("ann@example.com", "Designer", LocalDate.of(1990, 1, 2), List.of(Interest.ARTS));

        assertThat(profile.complete()).isTrue();
        assertThat(profile.missing()).isEmpty();
        assertThat(profile.done()).isEqualTo(5);
    }

    @Test
    void genderIsNotNeededButBlankFieldsAreMissingInFormOrder() {
        MemberProfile profile = profile(" ", null, null, List.of());

        assertThat(profile.complete()).isFalse();
        assertThat(profile.missing()).containsExactly("email", "jobTitle", "birthday", "interests");
        assertThat(profile.done()).isEqualTo(1);
        assertThat(profile.required()).isEqualTo(5);
    }
}
