/** Demo data for the {@code demo} profile only: two operators, sites, tenants, members, a catalog and a points rule. */
package io.enjoyspace.demo;
