package io.enjoyspace.points;

import io.enjoyspace.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an allocation list as HR keeps it in a spreadsheet: one {@code mobile,points} line per employee, an optional
 * header, commas or tabs, blank lines ignored. Every bad line is named by its number.
 */
final class AllocationCsv {

    private AllocationCsv() {}

    static List<PointsAllocations.Grant> parse(String csv, long operatorId, PointsDirectory directory) {
        List<PointsAllocations.Grant> grants = new ArrayList<>();
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        String[] lines = csv.replace("\uFEFF", "").split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()
                    || (i == 0 && line.toLowerCase(java.util.Locale.ROOT).startsWith("mobile"))) {
                continue;
            }
            String[] cells = line.split("[,\t;]");
            String field = "line " + (i + 1);
            if (cells.length < 2) {
                errors.add(new InvalidInputException.FieldError(field, "points.csvLine"));
                continue;
            }
            var member = directory.memberByMobile(operatorId, cells[0].strip().replace("\"", ""));
            long points;
            try {
                points = Long.parseLong(cells[1].strip().replace("\"", ""));
            } catch (NumberFormatException e) {
                errors.add(new InvalidInputException.FieldError(field, "points.allocationPoints"));
                continue;
            }
            if (member.isEmpty()) {
                errors.add(new InvalidInputException.FieldError(field, "points.notAnEmployee"));
                continue;
            }
            grants.add(new PointsAllocations.Grant(member.get(), points));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (grants.size() > PointsAllocations.MAX_GRANTS) {
            throw new InvalidInputException("grants", "points.allocationSize");
        }
        return grants;
    }
}
