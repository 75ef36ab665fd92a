package io.enjoyspace.shared;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reading nullable columns. {@code getLong} answers 0 for SQL NULL and {@code wasNull} only speaks of the last column
 * read, which twice let a missing id pass as 0; this reads the value and its nullness in one call.
 */
public final class Rows {

    private Rows() {}

    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, Long.class);
    }
}
