/** Engagement: the member's inbox of notices (later: community events, announcements, surveys). */
package io.enjoyspace.engagement;
