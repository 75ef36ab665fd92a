/**
 * Operators (the SaaS's customers), their sites, the enterprises that lease space there and the members who work or
 * live there.
 */
package io.enjoyspace.tenancy;
