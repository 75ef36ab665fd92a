package io.enjoyspace.tenancy;

import java.time.LocalDate;

public record Enterprise(
        long id,
        long operatorId,
        long siteId,
        String name,
        String industry,
        SizeBand sizeBand,
        int headcount,
        Lease lease,
        String invitationCode) {

    /** The tenant company's lease: its monthly rent and term. */
    public record Lease(long monthlyRentMinor, LocalDate startsOn, LocalDate endsOn) {

        public boolean isActiveOn(LocalDate day) {
            return !day.isBefore(startsOn) && !day.isAfter(endsOn);
        }
    }
}
