package io.enjoyspace.catalog;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pictures of offerings, kept in the database beside them (small, few, and then backed up with everything else). The
 * type is taken from the file's first bytes, never from its name or the browser's word.
 */
@Repository
class OfferingImages {

    static final int MAX_BYTES = 2 * 1024 * 1024;
    static final int MAX_IMAGES = 12;

    private final JdbcClient jdbc;
    private final Catalog catalog;

    OfferingImages(JdbcClient jdbc, Catalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /** An image as it is served: its bytes, type and a fingerprint for caches. */
    record Image(long id, String contentType, byte[] bytes, String sha256) {}

    @Transactional
    long add(long operatorId, long offeringId, byte[] bytes) {
        catalog.offering(operatorId, offeringId);
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInputException("file", "catalog.imageEmpty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException("file", "catalog.imageTooLarge");
        }
        String contentType =
                contentType(bytes).orElseThrow(() -> new InvalidInputException("file", "catalog.imageType"));
        // Serialise additions to one offering so that the count and the next position hold.
        jdbc.sql("select id from offering where operator_id = :operatorId and id = :id for update")
                .param("operatorId", operatorId)
                .param("id", offeringId)
                .query(Long.class)
                .single();
        long count = jdbc.sql(
                        "select count(*) from offering_image where operator_id = :operatorId and offering_id = :offeringId")
                .param("operatorId", operatorId)
                .param("offeringId", offeringId)
                .query(Long.class)
                .single();
        if (count >= MAX_IMAGES) {
            throw new InvalidInputException("file", "catalog.imageCount");
        }
        return jdbc.sql("""
                        insert into offering_image (operator_id, offering_id, position, content_type, size_bytes, sha256, bytes)
                        values (:operatorId, :offeringId,
                                coalesce((select max(position) + 1 from offering_image
                                          where operator_id = :operatorId and offering_id = :offeringId), 0),
                                :contentType, :size, :sha256, :bytes)
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("offeringId", offeringId)
                .param("contentType", contentType)
                .param("size", bytes.length)
                .param("sha256", sha256(bytes))
                .param("bytes", bytes)
                .query(Long.class)
                .single();
    }

    @Transactional
    void remove(long operatorId, long offeringId, long imageId) {
        int removed = jdbc.sql("""
                        delete from offering_image
                        where operator_id = :operatorId and offering_id = :offeringId and id = :id
                        """)
                .param("operatorId", operatorId)
                .param("offeringId", offeringId)
                .param("id", imageId)
                .update();
        if (removed == 0) {
            throw new NotFoundException();
        }
    }

    /** An image of the operator's; of a hidden offering only for staff. */
    Image get(long operatorId, long imageId, boolean staff) {
        return jdbc.sql("""
                        select i.id, i.content_type, i.bytes, i.sha256 from offering_image i
                        join offering o on o.operator_id = i.operator_id and o.id = i.offering_id
                        where i.operator_id = :operatorId and i.id = :id and (o.active or :staff)
                        """)
                .param("operatorId", operatorId)
                .param("id", imageId)
                .param("staff", staff)
                .query((rs, row) -> new Image(
                        rs.getLong("id"), rs.getString("content_type"), rs.getBytes("bytes"), rs.getString("sha256")))
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** PNG, JPEG or WebP by their signatures; anything else is refused. */
    static Optional<String> contentType(byte[] bytes) {
        if (startsWith(bytes, 0, new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return Optional.of("image/png");
        }
        if (startsWith(bytes, 0, new int[] {0xFF, 0xD8, 0xFF})) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(bytes, 0, new int[] {'R', 'I', 'F', 'F'})
                && startsWith(bytes, 8, new int[] {'W', 'E', 'B', 'P'})) {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, int[] signature) {
        if (bytes.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((bytes[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> allowedTypes() {
        return List.of("image/png", "image/jpeg", "image/webp");
    }
}
