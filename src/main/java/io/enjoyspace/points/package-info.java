/**
 * The points ledger: double-entry, append-only, integer points per operator. Depends on nothing but {@code shared};
 * other modules move points only through {@link io.enjoyspace.points.PointsLedger}.
 */
package io.enjoyspace.points;
