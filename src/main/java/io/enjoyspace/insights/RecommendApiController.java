package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Insights")
@RestController
class RecommendApiController {

    private final Recommendations recommendations;
    private final RecommendCampaigns campaigns;
    private final RecommendSimilarity similarity;

    RecommendApiController(
            Recommendations recommendations, RecommendCampaigns campaigns, RecommendSimilarity similarity) {
        this.recommendations = recommendations;
        this.campaigns = campaigns;
        this.similarity = similarity;
    }

    record ReasonView(String kind, List<String> args, String text) {}

    record RecommendationView(
            String offeringId, String name, String categoryId, String categoryName, double score, ReasonView reason) {}

    record RecommendationsView(List<RecommendationView> recommendations) {}

    @Operation(
            summary = "The signed-in member's recommended offerings, best first, each with the reason (kind, arguments"
                    + " and the sentence in the request's language); limit 1 to 20, default 5 (member)")
    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping("/api/v1/me/recommendations")
    RecommendationsView mine(Actor actor, @RequestParam(required = false) String limit, Locale locale) {
        int size = limit(limit);
        return new RecommendationsView(
                recommendations.forMember(actor.requireOperator(), actor.requireMember(), size).stream()
                        .map(ranked -> view(ranked, locale))
                        .toList());
    }

    RecommendationView view(Recommender.Ranked ranked, Locale locale) {
        return new RecommendationView(
                Long.toString(ranked.offeringId()),
                ranked.name(),
                Long.toString(ranked.categoryId()),
                ranked.categoryName(),
                Math.round(ranked.score() * 10_000) / 10_000.0,
                new ReasonView(
                        ranked.reason().kind().name(),
                        ranked.reason().args(),
                        recommendations.reasonText(ranked.reason(), locale)));
    }

    static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 5;
        }
        try {
            int size = Integer.parseInt(limit.strip());
            if (size >= 1 && size <= Recommendations.MAX_LIMIT) {
                return size;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new InvalidInputException("limit", "recommend.limit");
    }

    record RunView(
            String id,
            String audienceKind,
            String audienceId,
            int audienceSize,
            int sent,
            int without,
            java.time.Instant startedAt,
            java.time.Instant finishedAt) {

        static RunView of(RecommendCampaigns.Run run) {
            return new RunView(
                    Long.toString(run.id()),
                    run.audienceKind(),
                    Long.toString(run.audienceId()),
                    run.audienceSize(),
                    run.sent(),
                    run.without(),
                    run.startedAt(),
                    run.finishedAt());
        }
    }

    record CampaignRequest(String audienceKind, String audienceId) {}

    @Operation(
            summary =
                    "Sends each member of an audience (audienceKind SITE and a site id) their top recommendation as an"
                            + " inbox notice; a repeated Idempotency-Key answers the first run and sends nothing (operator"
                            + " staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/insights/recommendation-campaigns")
    ResponseEntity<RunView> send(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @RequestBody CampaignRequest request) {
        IdempotencyKey key = new IdempotencyKey(idempotencyKey);
        if (request == null
                || request.audienceKind() == null
                || request.audienceKind().isBlank()) {
            throw new InvalidInputException("audienceKind", "recommend.audienceKind");
        }
        if (request.audienceId() == null || request.audienceId().isBlank()) {
            throw new InvalidInputException("audienceId", "recommend.audienceId");
        }
        long audienceId;
        try {
            audienceId = Ids.parse(request.audienceId());
        } catch (RuntimeException invalid) {
            throw new InvalidInputException("audienceId", "recommend.audienceId");
        }
        RecommendCampaigns.Run run =
                campaigns.send(actor.requireOperator(), actor.userId(), key, request.audienceKind(), audienceId);
        return run.replayed()
                ? ResponseEntity.ok(RunView.of(run))
                : ResponseEntity.created(URI.create("/api/v1/insights/recommendation-campaigns/" + run.id()))
                        .body(RunView.of(run));
    }

    @Operation(summary = "The operator's recommendation message runs, latest first (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/insights/recommendation-campaigns")
    List<RunView> runs(Actor actor) {
        return campaigns.runs(actor.requireOperator(), 50).stream()
                .map(RunView::of)
                .toList();
    }

    record SimilarityView(long pairs, long millis) {}

    @Operation(
            summary = "Recomputes the operator's item-item similarity and repeat-buyer counts now instead of at the"
                    + " nightly run, e.g. after importing history (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/insights/recommendations/similarity")
    SimilarityView recompute(Actor actor) {
        long started = System.nanoTime();
        long pairs = similarity.recompute(actor.requireOperator());
        return new SimilarityView(pairs, (System.nanoTime() - started) / 1_000_000);
    }
}
