package io.enjoyspace.tenancy;

import java.time.ZoneId;

public record Operator(long id, String code, String name, String currency, ZoneId timeZone) {}
