package io.enjoyspace.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    @Test
    void acceptsVisibleAsciiUpToOneHundredCharacters() {
        assertThat(new IdempotencyKey("order-2026-11-26#1").value()).isEqualTo("order-2026-11-26#1");
        assertThat(new IdempotencyKey("k".repeat(100)).value()).hasSize(100);
    }

    @Test
    void refusesBlankLongOrInvisibleKeysNamingTheHeader() {
        for (String bad : new String[] {"", "   ", "k".repeat(101), "with space", "tab\t", "中文"}) {
            assertThatThrownBy(() -> new IdempotencyKey(bad))
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.errors())
                                    .extracting(InvalidInputException.FieldError::field)
                                    .containsExactly(IdempotencyKey.HEADER));
        }
    }

    @Test
    void fingerprintsAreStableAndDistinguishRequests() {
        assertThat(IdempotencyKey.fingerprint("a")).isEqualTo(IdempotencyKey.fingerprint("a"));
        assertThat(IdempotencyKey.fingerprint("a")).isNotEqualTo(IdempotencyKey.fingerprint("b"));
    }
}
