package io.enjoyspace.catalog;

/**
 * A shelf of the catalog. Categories form a tree per operator; a root chooses its aisle ({@link CategoryKind}) and its
 * descendants inherit it.
 *
 * @param parentId null for a root
 * @param sortOrder siblings are shown by this, then by name
 */
public record Category(
        long id,
        long operatorId,
        String name,
        CategoryKind kind,
        Long parentId,
        int sortOrder,
        String icon,
        String description) {

    public Category(long id, long operatorId, String name, CategoryKind kind) {
        this(id, operatorId, name, kind, null, 0, null, null);
    }

    public boolean isRoot() {
        return parentId == null;
    }
}
