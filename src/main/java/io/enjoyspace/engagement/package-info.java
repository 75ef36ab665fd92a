/**
 * Engagement: notifications (the member's inbox, per-category channel preferences, e-mail through an outbox) and
 * lifecycle automation (stages from members' uses, actions per stage entry and on birthdays, their conversion). Later:
 * community events, announcements, surveys.
 */
package io.enjoyspace.engagement;
