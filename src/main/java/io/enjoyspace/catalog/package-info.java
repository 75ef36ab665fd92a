/** The service supermarket's shelves: categories and offerings with their prices. */
package io.enjoyspace.catalog;
