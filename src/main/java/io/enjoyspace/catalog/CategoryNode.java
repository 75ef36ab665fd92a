package io.enjoyspace.catalog;

import java.util.List;

/** A category with its sub-categories, for trees. */
public record CategoryNode(Category category, int depth, List<CategoryNode> children) {

    public CategoryNode {
        children = List.copyOf(children);
    }
}
