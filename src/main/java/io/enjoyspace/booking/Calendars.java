package io.enjoyspace.booking;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Reservations as an iCalendar file (RFC 5545): times in UTC, a stable UID per reservation, text escaped and lines
 * folded at 75 octets with CRLF endings, so that any calendar application imports them.
 */
final class Calendars {

    static final String MEDIA_TYPE = "text/calendar;charset=UTF-8";
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Calendars() {}

    /** One reservation with what a calendar shows: the resource's name and where it is. */
    record Entry(Reservation reservation, String resourceName, String location) {}

    static String calendar(List<Entry> entries, Instant stamp, String host) {
        StringBuilder ics = new StringBuilder();
        line(ics, "BEGIN:VCALENDAR");
        line(ics, "VERSION:2.0");
        line(ics, "PRODID:-//EnjoySpace//Booking//EN");
        line(ics, "CALSCALE:GREGORIAN");
        line(ics, "METHOD:PUBLISH");
        for (Entry entry : entries) {
            Reservation reservation = entry.reservation();
            line(ics, "BEGIN:VEVENT");
            line(ics, "UID:reservation-" + reservation.id() + "-" + reservation.operatorId() + "@" + host);
            line(ics, "DTSTAMP:" + UTC.format(stamp));
            line(ics, "DTSTART:" + UTC.format(reservation.startsAt()));
            line(ics, "DTEND:" + UTC.format(reservation.endsAt()));
            line(ics, "SUMMARY:" + escape(entry.resourceName()));
            if (entry.location() != null) {
                line(ics, "LOCATION:" + escape(entry.location()));
            }
            line(ics, "STATUS:" + status(reservation.status()));
            line(ics, "END:VEVENT");
        }
        line(ics, "END:VCALENDAR");
        return ics.toString();
    }

    private static String status(ReservationStatus status) {
        return switch (status) {
            case PENDING_APPROVAL -> "TENTATIVE";
            case CANCELLED, RELEASED -> "CANCELLED";
            default -> "CONFIRMED";
        };
    }

    /** TEXT values: backslash, semicolon and comma are escaped, a line break becomes {@code \n}. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case ';' -> escaped.append("\\;");
                case ',' -> escaped.append("\\,");
                case '\n' -> escaped.append("\\n");
                case '\r' -> {}
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Appends a content line folded so that no line is longer than 75 octets, never inside a UTF-8 character. */
    private static void line(StringBuilder ics, String content) {
        int octets = 0;
        int i = 0;
        while (i < content.length()) {
            int codePoint = content.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > 75) {
                ics.append("\r\n ");
                octets = 1;
            }
            ics.appendCodePoint(codePoint);
            octets += size;
            i += Character.charCount(codePoint);
        }
        ics.append("\r\n");
    }
}
