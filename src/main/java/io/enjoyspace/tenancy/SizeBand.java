package io.enjoyspace.tenancy;

/** Company size as operators segment tenants: under 10, 10–49, 50–199, 200 and more people. */
public enum SizeBand {
    MICRO,
    SMALL,
    MEDIUM,
    LARGE;

    public static SizeBand forHeadcount(int headcount) {
        if (headcount < 10) {
            return MICRO;
        }
        if (headcount < 50) {
            return SMALL;
        }
        return headcount < 200 ? MEDIUM : LARGE;
    }
}
