package io.enjoyspace.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every page works in English and Chinese: the two bundles hold the same keys, and every key a page uses exists. */
class MessageBundlesTest {

    private static final Pattern MESSAGE_KEY = Pattern.compile("#\\{([A-Za-z][A-Za-z0-9_.]*)");

    @Test
    void englishAndChineseBundlesHaveTheSameKeys() throws IOException {
        Properties english = load("/messages.properties");
        Properties chinese = load("/messages_zh.properties");

        assertThat(chinese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
    }

    @Test
    void noMessageIsEmptyOrUntranslated() throws IOException {
        Properties english = load("/messages.properties");
        Properties chinese = load("/messages_zh.properties");

        for (String key : english.stringPropertyNames()) {
            assertThat(english.getProperty(key)).as(key).isNotBlank();
            assertThat(chinese.getProperty(key)).as(key).isNotBlank();
        }
        long sameText = english.stringPropertyNames().stream()
                .filter(key -> english.getProperty(key).equals(chinese.getProperty(key)))
                .count();
        assertThat(sameText)
                .as("messages left in English in the Chinese bundle")
                .isZero();
    }

    @Test
    void everyKeyTheTemplatesUseExists() throws IOException {
        Properties english = load("/messages.properties");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path template :
                    templates.filter(path -> path.toString().endsWith(".html")).toList()) {
                Matcher matcher = MESSAGE_KEY.matcher(Files.readString(template));
                while (matcher.find()) {
                    if (!english.containsKey(matcher.group(1))) {
                        missing.add(matcher.group(1) + " in " + template.getFileName());
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream(resource)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
