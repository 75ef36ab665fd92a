package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlotClaimsTest {

    private static final Instant NINE = Instant.parse("2031-05-10T01:00:00Z");
    private static final Instant TEN = NINE.plusSeconds(3600);
    private static final Instant ELEVEN = TEN.plusSeconds(3600);

    private final SlotClaims claims = new SlotClaims();

    @Test
    void anOverlappingClaimOfAnotherRequestIsRefusedUntilTheFirstEnds() {
        SlotClaims.Held[] first = new SlotClaims.Held[1];
        assertThat(claims.tryClaim(7, NINE, ELEVEN, "u1|k1", first)).isTrue();

        SlotClaims.Held[] second = new SlotClaims.Held[1];
        assertThat(claims.tryClaim(7, TEN, TEN.plusSeconds(60), "u2|k2", second))
                .isFalse();
        assertThat(second[0]).isNull();

        first[0].close();
        assertThat(claims.tryClaim(7, TEN, TEN.plusSeconds(60), "u2|k2", second))
                .isTrue();
    }

    @Test
    void theSameRequestRetriedAnotherResourceAndAnAdjacentTimeAreLetThrough() {
        SlotClaims.Held[] held = new SlotClaims.Held[1];
        assertThat(claims.tryClaim(7, NINE, TEN, "u1|k1", held)).isTrue();

        assertThat(claims.tryClaim(7, NINE, TEN, "u1|k1", new SlotClaims.Held[1]))
                .as("a retry waits for its first result in the database")
                .isTrue();
        assertThat(claims.tryClaim(8, NINE, TEN, "u2|k2", new SlotClaims.Held[1]))
                .isTrue();
        assertThat(claims.tryClaim(7, TEN, ELEVEN, "u3|k3", new SlotClaims.Held[1]))
                .as("ten o'clock ends one and starts the next")
                .isTrue();
    }
}
