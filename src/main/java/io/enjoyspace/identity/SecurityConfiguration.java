package io.enjoyspace.identity;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * Two doors: the API ({@code /api/**}) takes bearer tokens, keeps no session and answers problems as JSON; the pages
 * take a form login with a session and CSRF protection. Both check passwords through one throttled provider.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt by default, and the {id} prefix lets a later, stronger hash take over as people sign in.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AuthenticationManager authenticationManager(
            AccountDetails accounts, PasswordEncoder passwordEncoder, LoginThrottle throttle) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(passwordEncoder);
        return new ProviderManager(new ThrottledAuthenticationProvider(passwords, throttle));
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, AuthenticationManager authenticationManager)
            throws Exception {
        http.securityMatcher("/api/**")
                .authenticationManager(authenticationManager)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(new BearerTokenFilter(tokens), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                HttpMethod.POST, "/api/v1/auth/token", "/api/v1/registrations")
                        .permitAll()
                        .requestMatchers("/api/v1/operators/**")
                        .hasRole("PLATFORM_ADMIN")
                        .anyRequest()
                        .authenticated())
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) ->
                                problem(response, HttpStatus.UNAUTHORIZED, request.getRequestURI()))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, HttpStatus.FORBIDDEN, request.getRequestURI())));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        http.authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/error",
                                "/login",
                                "/register",
                                "/webjars/**",
                                "/css/**",
                                "/js/**",
                                "/images/**",
                                "/favicon.ico",
                                "/v3/api-docs/**",
                                "/swagger-ui/**",
                                "/swagger-ui.html",
                                "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/console/**")
                        .hasAnyRole("OPERATOR_ADMIN", "OPERATOR_STAFF")
                        .requestMatchers("/portal/**")
                        .hasRole("MEMBER")
                        .requestMatchers("/enterprise/**")
                        .hasRole("ENTERPRISE_ADMIN")
                        .requestMatchers("/provider/**")
                        .hasAnyRole("PROVIDER_ADMIN", "PROVIDER_STAFF")
                        .requestMatchers("/platform/**", "/actuator/**")
                        .hasRole("PLATFORM_ADMIN")
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .failureHandler((request, response, e) ->
                                response.sendRedirect(e instanceof LockedException ? "/login?locked" : "/login?error")))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        return http.build();
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String instance)
            throws java.io.IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                        + status.value() + ",\"instance\":\""
                        + URI.create(instance).getPath().replace("\"", "")
                        + "\"}");
    }
}
