package io.enjoyspace.shared;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Reports as CSV for spreadsheets: a header row, RFC 4180 quoting, text that a spreadsheet would run as a formula
 * defused (numbers pass as numbers), UTF-8 with a BOM so Excel reads Chinese.
 */
public final class Csv {

    private Csv() {}

    public static ResponseEntity<String> download(String filename, List<String> header, List<List<Object>> rows) {
        return attachment(filename, text(header, rows));
    }

    /** CSV text already written, as a file to download. */
    public static ResponseEntity<String> attachment(String filename, String text) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .body(text);
    }

    public static String text(List<String> header, List<List<Object>> rows) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        append(csv, header.stream().map(Object.class::cast).toList());
        rows.forEach(row -> append(csv, row));
        return csv.toString();
    }

    private static void append(StringBuilder csv, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            Object cell = cells.get(i);
            String text = cell == null ? "" : cell.toString();
            // A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
            if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(cell instanceof Number)) {
                text = "'" + text;
            }
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                text = "\"" + text.replace("\"", "\"\"") + "\"";
            }
            csv.append(text);
        }
        csv.append("\r\n");
    }
}
