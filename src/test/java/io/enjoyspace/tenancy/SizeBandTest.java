package io.enjoyspace.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizeBandTest {

    @Test
    void bandsFollowHeadcount() {
        assertThat(SizeBand.forHeadcount(0)).isEqualTo(SizeBand.MICRO);
        assertThat(SizeBand.forHeadcount(9)).isEqualTo(SizeBand.MICRO);
        assertThat(SizeBand.forHeadcount(10)).isEqualTo(SizeBand.SMALL);
        assertThat(SizeBand.forHeadcount(49)).isEqualTo(SizeBand.SMALL);
        assertThat(SizeBand.forHeadcount(50)).isEqualTo(SizeBand.MEDIUM);
        assertThat(SizeBand.forHeadcount(199)).isEqualTo(SizeBand.MEDIUM);
        assertThat(SizeBand.forHeadcount(200)).isEqualTo(SizeBand.LARGE);
    }
}
