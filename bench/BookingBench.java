import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Booking over HTTP against a running EnjoySpace with the demo data.
 * {@code setup-availability}: 200 resources at the demo operator's second site, open every day, with a realistic
 * week of reservations (about 40 % of the office hours taken), then prints TOKEN, SITE, FROM and TO as shell
 * assignments for bench/wrk/availability.lua.
 * {@code reserve}: 100 concurrent attempts at one slot of one room, repeated over many slots; prints the winners per
 * slot (exactly 1 each, or the run is wrong), latency percentiles and errors. Each contender keeps one connection
 * open and sends its attempt as soon as the slot's starting signal is given.
 * Usage: java bench/BookingBench.java http://localhost:8080 setup-availability|reserve [slots]
 */
public class BookingBench {

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String scenario = args[1];
        String admin = token(base, "admin", "demo");
        List<String> sites = values(send(base, "GET", "/api/v1/sites", admin, null, null), "id");
        String site = sites.get(sites.size() - 1);
        String suffix = Long.toString(System.currentTimeMillis() % 1_000_000);
        // Far enough ahead that nothing else is booked there; the policy's advance window is set aside by the reason.
        LocalDate monday = LocalDate.now(SHANGHAI).plusWeeks(2).with(java.time.DayOfWeek.MONDAY);
        switch (scenario) {
            case "setup-availability" -> {
                List<String> members = values(send(base, "GET", "/api/v1/members?size=200", admin, null, null), "id");
                java.util.Random random = new java.util.Random(42);
                int reservations = 0;
                for (int i = 0; i < 200; i++) {
                    String resource = field(send(base, "POST", "/api/v1/resources", admin, null,
                            "{\"siteId\":\"" + site + "\",\"type\":\"" + (i % 4 == 0 ? "DESK" : "MEETING_ROOM")
                                    + "\",\"name\":\"Bench room " + suffix + "-" + i + "\",\"capacity\":" + (2 + i % 20)
                                    + ",\"pricePerHourMinor\":10000}"), "id");
                    StringBuilder hours = new StringBuilder("{\"hours\":[");
                    for (int day = 1; day <= 7; day++) {
                        hours.append(day == 1 ? "" : ",").append("{\"weekday\":").append(day)
                                .append(",\"opens\":\"08:00\",\"closes\":\"20:00\"}");
                    }
                    send(base, "PUT", "/api/v1/resources/" + resource + "/opening-hours", admin, null, hours + "]}");
                    for (int day = 0; day < 7; day++) {
                        // Four or five meetings a day of one or two hours, with gaps: about 40 % of the twelve hours.
                        int hour = 8 + random.nextInt(2);
                        while (hour < 19) {
                            int length = 1 + random.nextInt(2);
                            if (hour + length > 20) {
                                break;
                            }
                            ZonedDateTime start = monday.plusDays(day).atTime(hour, 0).atZone(SHANGHAI);
                            send(base, "POST", "/api/v1/reservations", admin, UUID.randomUUID().toString(),
                                    "{\"resourceId\":\"" + resource + "\",\"memberId\":\"" + members.get(random.nextInt(members.size()))
                                            + "\",\"startsAt\":\"" + start.toOffsetDateTime() + "\",\"endsAt\":\""
                                            + start.plusHours(length).toOffsetDateTime()
                                            + "\",\"overrideReason\":\"Benchmark calendar\"}");
                            reservations++;
                            hour += length + 1 + random.nextInt(2);
                        }
                    }
                }
                System.err.println("prepared 200 resources and " + reservations + " reservations at site " + site);
                System.out.println("TOKEN=" + admin);
                System.out.println("SITE=" + site);
                System.out.println("FROM=" + monday.atStartOfDay(SHANGHAI).toInstant());
                System.out.println("TO=" + monday.plusDays(7).atStartOfDay(SHANGHAI).toInstant());
                System.out.println("FROM_EPOCH=" + monday.atStartOfDay(SHANGHAI).toEpochSecond());
            }
            case "reserve" -> reserve(
                    base, admin, site, suffix, monday, Math.min(84 - WARMUP, args.length > 2 ? Integer.parseInt(args[2]) : 50));
            default -> throw new IllegalArgumentException("scenario: setup-availability or reserve");
        }
    }

    /** 100 members each try to book the same hour of one room at once; each slot must have exactly one winner. */
    /** Slots contested before the measured ones (see reserve). */
    static final int WARMUP = 5;

    static void reserve(String base, String admin, String site, String suffix, LocalDate monday, int slots) throws Exception {
        int attempts = 100;
        // The contenders work for one company, which is billed for the winning booking.
        String code = field(send(base, "POST", "/api/v1/enterprises", admin, null,
                "{\"siteId\":\"" + site + "\",\"name\":\"Contest Co " + suffix + "\",\"industry\":\"Benchmarks\","
                        + "\"headcount\":100,\"leaseMonthlyRentMinor\":100,\"leaseStartsOn\":\"2026-01-01\","
                        + "\"leaseEndsOn\":\"2030-12-31\"}"), "invitationCode");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            String mobile = "197" + String.format("%04d%04d", Integer.parseInt(suffix) % 10000, i);
            send(base, "POST", "/api/v1/registrations", null, null,
                    "{\"invitationCode\":\"" + code + "\",\"name\":\"Bench " + i + "\",\"mobile\":\"" + mobile
                            + "\",\"password\":\"correct-horse\"}");
            tokens.add(token(base, mobile, "correct-horse"));
        }
        String room = field(send(base, "POST", "/api/v1/resources", admin, null,
                "{\"siteId\":\"" + site + "\",\"type\":\"MEETING_ROOM\",\"name\":\"Contested " + suffix
                        + "\",\"capacity\":8,\"pricePerHourMinor\":10000}"), "id");
        StringBuilder hours = new StringBuilder("{\"hours\":[");
        for (int day = 1; day <= 7; day++) {
            hours.append(day == 1 ? "" : ",").append("{\"weekday\":").append(day)
                    .append(",\"opens\":\"00:00\",\"closes\":\"23:59\"}");
        }
        send(base, "PUT", "/api/v1/resources/" + room + "/opening-hours", admin, null, hours + "]}");
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        URI target = URI.create(base);
        List<Contender> contenders = new ArrayList<>();
        for (String token : tokens) {
            contenders.add(new Contender(target.getHost(), target.getPort(), token));
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        // Per measured slot: the time from the starting signal until its last answer, to show whether a slow tail is
        // spread over all slots or comes from a few (a pause of the server or of this client).
        List<Long> slotSpans = new ArrayList<>();
        int minWinners = Integer.MAX_VALUE;
        int maxWinners = 0;
        long errors = 0;
        java.util.Map<Integer, Integer> errorStatuses = new java.util.TreeMap<>();
        long started = System.nanoTime();
        // The first WARMUP slots are contested like the others but not measured: they open the clients' connections
        // and warm the server's code paths, as the wrk scenarios' warm-up runs do.
        for (int slot = -WARMUP; slot < slots; slot++) {
            // Twelve slots a day for a week: inside the demo policy's 30-day window and far below anyone's quota.
            int at = slot + WARMUP;
            ZonedDateTime start = monday.plusDays(at / 12 % 7).atTime(8 + at % 12, 0).atZone(SHANGHAI);
            boolean measured = slot >= 0;
            String body = "{\"resourceId\":\"" + room + "\",\"startsAt\":\"" + start.toOffsetDateTime()
                    + "\",\"endsAt\":\"" + start.plusMinutes(30).toOffsetDateTime() + "\"}";
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (String token : tokens) {
                Contender contender = contenders.get(answers.size());
                answers.add(pool.submit(() -> {
                    byte[] request = contender.request(body);
                    go.await();
                    long begin = System.nanoTime();
                    int status = contender.send(request);
                    if (status != 201 && status != 409) {
                        System.err.println("reserve: unexpected " + status + " " + contender.lastBody);
                    }
                    if (measured) {
                        latencies.add(System.nanoTime() - begin);
                    }
                    return status;
                }));
            }
            long signalled = System.nanoTime();
            go.countDown();
            int winners = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                if (status == 201) {
                    winners++;
                } else if (status != 409) {
                    errors++;
                    errorStatuses.merge(status, 1, Integer::sum);
                }
            }
            if (measured) {
                slotSpans.add(System.nanoTime() - signalled);
            }
            minWinners = Math.min(minWinners, winners);
            maxWinners = Math.max(maxWinners, winners);
            if (slot == -1) {
                started = System.nanoTime();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        for (Contender contender : contenders) {
            contender.close();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("reserve_slots %d%n", slots);
        System.out.printf("reserve_attempts_per_slot %d%n", attempts);
        System.out.printf("reserve_winners_per_slot_min %d%n", minWinners);
        System.out.printf("reserve_winners_per_slot_max %d%n", maxWinners);
        System.out.printf("reserve_attempts_per_second %.1f%n", latencies.size() / seconds);
        System.out.printf("reserve_p50_ms %.1f%n", percentile(sorted, 0.50));
        System.out.printf("reserve_p99_ms %.1f%n", percentile(sorted, 0.99));
        List<Long> spans = new ArrayList<>(slotSpans);
        Collections.sort(spans);
        System.out.printf("reserve_slot_span_p50_ms %.1f%n", percentile(spans, 0.50));
        System.out.printf("reserve_slot_span_max_ms %.1f%n", percentile(spans, 1.0));
        System.out.printf("reserve_errors %d%s%n", errors, errorStatuses.isEmpty() ? "" : " (status: count " + errorStatuses + ")");
        System.out.println(minWinners == 1 && maxWinners == 1 ? "reserve_exactly_one_winner yes" : "reserve_exactly_one_winner NO");
    }

    /**
     * One contender's keep-alive HTTP/1.1 connection, written and read with plain sockets: a load generator this light
     * leaves the two cores to the server (java.net.http's client costs more CPU per request than the server's refusal).
     */
    static final class Contender {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.BufferedInputStream in;
        private final String host;
        private final String token;
        String lastBody = "";

        Contender(String host, int port, String token) throws java.io.IOException {
            this.host = host;
            this.token = token;
            socket = new java.net.Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream(), 16_384);
        }

        byte[] request(String body) {
            byte[] content = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST /api/v1/reservations HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nIdempotency-Key: " + UUID.randomUUID()
                    + "\r\nContent-Length: " + content.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] all = java.util.Arrays.copyOf(headBytes, headBytes.length + content.length);
            System.arraycopy(content, 0, all, headBytes.length, content.length);
            return all;
        }

        /** Sends the request and reads the whole answer (by its length or its chunks); answers the status. */
        int send(byte[] request) throws java.io.IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                    body.write(in.readNBytes((int) size));
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
            } else if (length > 0) {
                body.write(in.readNBytes((int) length));
            }
            lastBody = body.toString(java.nio.charset.StandardCharsets.UTF_8);
            return status;
        }

        private String line() throws java.io.IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        void close() throws java.io.IOException {
            socket.close();
        }
    }

    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1_000_000.0;
    }

    static String token(String base, String username, String password) throws Exception {
        return field(send(base, "POST", "/api/v1/auth/token", null, null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"), "accessToken");
    }

    static String send(String base, String method, String path, String token, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    static List<String> values(String json, String name) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"(\\d+)\"").matcher(json);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
