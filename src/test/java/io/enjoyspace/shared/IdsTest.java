package io.enjoyspace.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "1.5", "12345678901234567890", " 1", "1e3"})
    void anythingButADigitStringIsNotFound(String id) {
        assertThatThrownBy(() -> Ids.parse(id)).isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "42", "900000000000000000"})
    void digitStringsAreIds(String id) {
        assertThat(Ids.parse(id)).isEqualTo(Long.parseLong(id));
    }
}
