package io.enjoyspace.insights;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's switch for fact recording, present only with the {@code bench} profile: {@code bench/run facts}
 * alternates short earning runs with recording paused and resumed in one warmed-up app, so the two modes share the
 * JIT, the database and the machine's moment, and the difference is the cost of the facts alone.
 */
@Hidden
@RestController
@Profile("bench")
@PreAuthorize("hasRole('OPERATOR_ADMIN')")
class FactRecordingBenchSwitch {

    private final FactRecorder recorder;

    FactRecordingBenchSwitch(FactRecorder recorder) {
        this.recorder = recorder;
    }

    @PutMapping("/api/v1/bench/fact-recording")
    Map<String, Boolean> set(@RequestParam boolean enabled) {
        recorder.pause(!enabled);
        return Map.of("enabled", !recorder.paused());
    }
}
