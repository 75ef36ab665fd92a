package io.enjoyspace.providers;

import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The provider API's own door, ahead of the bearer-token API chain: every request under {@code /api/v1/provider/}
 * must carry a valid HMAC signature; nothing else signs in there. Controllers take a {@link ProviderCaller} parameter.
 */
@Configuration(proxyBeanMethods = false)
class ProviderApiSecurity implements WebMvcConfigurer {

    static final String PATH = "/api/v1/provider/**";

    @Bean
    @Order(0)
    SecurityFilterChain providerApi(HttpSecurity http, ProviderApiKeys keys, Clock clock) throws Exception {
        http.securityMatcher(PATH)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(new ProviderRequestSignatureFilter(keys, clock), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("PROVIDER_API"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                            response.setStatus(HttpStatus.UNAUTHORIZED.value());
                            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                            response.getWriter()
                                    .write("{\"type\":\"https://enjoyspace.io/problems/unauthorized\","
                                            + "\"title\":\"Unauthorized\",\"status\":401,"
                                            + "\"detail\":\"A signed request is required.\"}");
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            response.setStatus(HttpStatus.FORBIDDEN.value());
                            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                            response.getWriter()
                                    .write("{\"type\":\"https://enjoyspace.io/problems/forbidden\","
                                            + "\"title\":\"Forbidden\",\"status\":403}");
                        }));
        return http.build();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    /** Resolves a {@link ProviderCaller} parameter from the signature check's authentication. */
    static final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return ProviderCaller.class.equals(parameter.getParameterType());
        }

        @Override
        public ProviderCaller resolveArgument(
                MethodParameter parameter,
                ModelAndViewContainer mavContainer,
                NativeWebRequest webRequest,
                WebDataBinderFactory binderFactory) {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof ProviderCaller caller) {
                return caller;
            }
            throw new AuthenticationCredentialsNotFoundException("not a signed provider request");
        }
    }
}
