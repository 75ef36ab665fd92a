package io.enjoyspace.insights;

import java.time.Instant;

/**
 * A tag a member carries: the key {@code group:value} (activity:high, spending:top, rfm:champions, lifecycle:active,
 * size:11-50, industry:..., category:id, rule:code, manual:label), the label to show where the value is not a fixed
 * word (category and rule names, industries, manual labels), and where it came from.
 */
public record MemberTag(String tag, String group, String value, String label, TagSource source, Instant taggedAt) {}
