/**
 * Insights: every module's events become facts, and the facts answer the operator's questions, starting with the
 * console's dashboard of today's orders, GMV, points issued and active members.
 */
package io.enjoyspace.insights;
