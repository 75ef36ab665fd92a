package io.enjoyspace.engagement;

import io.enjoyspace.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each member chose per category and channel. Without a choice the inbox is on and e-mail is off; the inbox
 * cannot be switched off for the service categories (orders, points, general).
 */
@Repository
class NotificationPreferences {

    static final List<String> LANGUAGES = List.of("en", "zh-CN");

    /** The language of e-mail to a member who never chose one: the platform's home market. */
    static final String DEFAULT_LANGUAGE = "zh-CN";

    /** One category's channels. */
    record Choice(NoticeCategory category, boolean inbox, boolean email) {}

    private final JdbcClient jdbc;

    NotificationPreferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static boolean byDefault(NotificationChannel channel) {
        return channel == NotificationChannel.INBOX;
    }

    List<Choice> choices(long operatorId, long memberId) {
        Map<NoticeCategory, Map<NotificationChannel, Boolean>> chosen = new EnumMap<>(NoticeCategory.class);
        jdbc.sql(
                        "select category, channel, enabled from notification_preference where operator_id = :o and member_id = :m")
                .param("o", operatorId)
                .param("m", memberId)
                .query(rs -> {
                    chosen.computeIfAbsent(
                                    NoticeCategory.valueOf(rs.getString("category")),
                                    c -> new EnumMap<>(NotificationChannel.class))
                            .put(NotificationChannel.valueOf(rs.getString("channel")), rs.getBoolean("enabled"));
                });
        List<Choice> choices = new ArrayList<>();
        for (NoticeCategory category : NoticeCategory.values()) {
            Map<NotificationChannel, Boolean> channels = chosen.getOrDefault(category, Map.of());
            boolean inbox = !category.inboxSwitchable()
                    || channels.getOrDefault(NotificationChannel.INBOX, byDefault(NotificationChannel.INBOX));
            boolean email = channels.getOrDefault(NotificationChannel.EMAIL, byDefault(NotificationChannel.EMAIL));
            choices.add(new Choice(category, inbox, email));
        }
        return choices;
    }

    /** Saves the member's choices (categories not named keep theirs); refuses to switch off an always-on inbox. */
    @Transactional
    void save(long operatorId, long memberId, String language, List<Choice> choices) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (language != null && !LANGUAGES.contains(language)) {
            errors.add(new InvalidInputException.FieldError("language", "engagement.preferences.language"));
        }
        for (int i = 0; i < choices.size(); i++) {
            Choice choice = choices.get(i);
            if (choice.category() == null) {
                errors.add(new InvalidInputException.FieldError(
                        "preferences[" + i + "].category", "engagement.preferences.category"));
            } else if (!choice.inbox() && !choice.category().inboxSwitchable()) {
                errors.add(new InvalidInputException.FieldError(
                        "preferences[" + i + "].inbox", "engagement.preferences.inboxRequired"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (language != null) {
            jdbc.sql("""
                            insert into notification_member (operator_id, member_id, language) values (:o, :m, :language)
                            on conflict (operator_id, member_id) do update set language = excluded.language
                            """)
                    .param("o", operatorId)
                    .param("m", memberId)
                    .param("language", language)
                    .update();
        }
        for (Choice choice : choices) {
            put(operatorId, memberId, choice.category(), NotificationChannel.INBOX, choice.inbox());
            put(operatorId, memberId, choice.category(), NotificationChannel.EMAIL, choice.email());
        }
    }

    private void put(
            long operatorId, long memberId, NoticeCategory category, NotificationChannel channel, boolean enabled) {
        jdbc.sql("""
                        insert into notification_preference (operator_id, member_id, category, channel, enabled)
                        values (:o, :m, :category, :channel, :enabled)
                        on conflict (operator_id, member_id, category, channel) do update set enabled = excluded.enabled
                        """)
                .param("o", operatorId)
                .param("m", memberId)
                .param("category", category.name())
                .param("channel", channel.name())
                .param("enabled", enabled)
                .update();
    }

    /** The member's chosen language, if they chose or were seen with one. */
    Optional<String> language(long operatorId, long memberId) {
        return jdbc.sql("select language from notification_member where operator_id = :o and member_id = :m")
                .param("o", operatorId)
                .param("m", memberId)
                .query(String.class)
                .optional();
    }

    /** Remembers the language a member was first seen reading in, unless they chose one already. */
    void noticeLanguage(long operatorId, long memberId, Locale locale) {
        jdbc.sql("""
                        insert into notification_member (operator_id, member_id, language) values (:o, :m, :language)
                        on conflict (operator_id, member_id) do nothing
                        """)
                .param("o", operatorId)
                .param("m", memberId)
                .param("language", languageOf(locale))
                .update();
    }

    static String languageOf(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? "zh-CN" : "en";
    }

    static Locale locale(String language) {
        return "zh-CN".equals(language) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }
}
