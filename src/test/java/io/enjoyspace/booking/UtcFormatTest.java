package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class UtcFormatTest {

    /** The fast writer agrees with the JDK's ISO instant format to the second, before and after 1970. */
    @Property(tries = 2000)
    void writesWhatTheJdkWrites(@ForAll @LongRange(min = -2_000_000_000L, max = 4_000_000_000L) long seconds) {
        Instant instant = Instant.ofEpochSecond(seconds);
        assertThat(new BookingViews.UtcFormat().instant(instant)).isEqualTo(instant.toString());
    }
}
