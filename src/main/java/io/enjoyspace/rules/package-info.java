/**
 * Earning rules: operators say what earns points (“1 point per 1 yuan paid when an order is completed”) and this module
 * awards them through the ledger when the event arrives, once per event and rule however often it is delivered.
 */
package io.enjoyspace.rules;
