package io.enjoyspace.providers;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs a provider API request in from its HMAC signature (see {@link ProviderSignatures}), or refuses it with a 401
 * problem whose detail says why: a missing header, an unknown or revoked key, a timestamp more than five minutes off,
 * a signature that does not match, a suspended provider, or a nonce already used with the key.
 */
class ProviderRequestSignatureFilter extends OncePerRequestFilter {

    static final String API_KEY = "X-Api-Key";
    static final String TIMESTAMP = "X-Timestamp";
    static final String NONCE = "X-Nonce";
    static final String SIGNATURE = "X-Signature";
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final String AUTHORITY = "ROLE_PROVIDER_API";
    private static final int BODY_BYTES_MAX = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ProviderRequestSignatureFilter.class);
    private static final JsonMapper json = JsonMapper.builder().build();

    private final ProviderApiKeys keys;
    private final Clock clock;

    ProviderRequestSignatureFilter(ProviderApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String header : List.of(API_KEY, TIMESTAMP, NONCE, SIGNATURE)) {
            String value = request.getHeader(header);
            if (value == null || value.isBlank()) {
                refuse(request, response, HttpStatus.UNAUTHORIZED, "The " + header + " header is missing.");
                return;
            }
        }
        String nonce = request.getHeader(NONCE).strip();
        if (nonce.length() < 8 || nonce.length() > 128 || !nonce.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, "X-Nonce must be 8 to 128 visible ASCII characters.");
            return;
        }
        Optional<ProviderApiKeys.Credential> found =
                keys.credential(request.getHeader(API_KEY).strip());
        if (found.isEmpty()) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, "Unknown API key.");
            return;
        }
        ProviderApiKeys.Credential credential = found.get();
        if (credential.revoked()) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, "The API key has been revoked.");
            return;
        }
        String timestampText = request.getHeader(TIMESTAMP).strip();
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText);
        } catch (NumberFormatException e) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, "X-Timestamp must be a number of epoch seconds.");
            return;
        }
        Instant now = clock.instant();
        Instant signedAt = Instant.ofEpochSecond(timestamp);
        if (Duration.between(signedAt, now).abs().compareTo(TOLERANCE) > 0) {
            refuse(
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "X-Timestamp is more than 5 minutes away from the server time (" + now.getEpochSecond() + ").");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(BODY_BYTES_MAX + 1);
        if (body.length > BODY_BYTES_MAX) {
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than 1 MiB.");
            return;
        }
        String pathWithQuery =
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String canonical = ProviderSignatures.canonical(request.getMethod(), pathWithQuery, timestampText, nonce, body);
        byte[] expected = ProviderSignatures.hmac(credential.secret(), canonical);
        if (!ProviderSignatures.matches(expected, ProviderSignatures.decode(request.getHeader(SIGNATURE)))) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, "The signature does not match the request.");
            return;
        }
        if (!credential.providerActive()) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, "The provider is suspended.");
            return;
        }
        // Only a correctly signed request spends a nonce, so nobody without the secret can burn a client's nonces.
        if (!keys.useNonce(credential, nonce, signedAt.plus(TOLERANCE))) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, "The nonce was already used: this is a replay.");
            return;
        }
        ProviderCaller caller = new ProviderCaller(
                credential.operatorId(),
                credential.providerId(),
                credential.id(),
                request.getHeader(API_KEY).strip());
        SecurityContextHolder.getContext().setAuthentication(new CallerAuthentication(caller));
        chain.doFilter(new SignedRequest(request, body), response);
    }

    private static void refuse(
            HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        log.info("Provider API request to {} refused: {}", request.getRequestURI(), detail);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put(
                "type",
                "https://enjoyspace.io/problems/"
                        + (status == HttpStatus.UNAUTHORIZED ? "unauthorized" : "http-" + status.value()));
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(problem));
    }

    /** The authenticated provider; its principal is the {@link ProviderCaller}. */
    static final class CallerAuthentication extends AbstractAuthenticationToken {

        private final ProviderCaller caller;

        CallerAuthentication(ProviderCaller caller) {
            super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
            this.caller = caller;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public ProviderCaller getPrincipal() {
            return caller;
        }
    }

    /** The request with its body read once for the signature and replayed to the controller. */
    private static final class SignedRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        SignedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
