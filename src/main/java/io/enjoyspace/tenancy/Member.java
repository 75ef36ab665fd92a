package io.enjoyspace.tenancy;

import java.time.LocalDate;

public record Member(
        long id,
        long operatorId,
        long siteId,
        Long enterpriseId,
        String name,
        String mobile,
        String email,
        LocalDate registeredOn) {}
