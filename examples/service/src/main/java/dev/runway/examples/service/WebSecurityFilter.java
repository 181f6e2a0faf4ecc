package dev.runway.examples.service;

import dev.runway.examples.assistant.ApiException;
import dev.runway.examples.assistant.SupplyChainAssistant;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What an abuse run asked for, decided as a web team would:
 *
 * <ul>
 *   <li>every response carries {@code X-Content-Type-Options: nosniff}, a
 *       {@code Content-Security-Policy} that allows only the page's own script, style and API
 *       (no inline script, no framing: {@code frame-ancestors 'none'}, with {@code X-Frame-Options:
 *       DENY} for older browsers) and {@code Referrer-Policy: no-referrer};
 *   <li>Actuator's endpoints other than health name every query label in their meters and tags:
 *       they answer only a caller with a valid access token (401 otherwise); {@code /actuator/health}
 *       stays open for load balancers.
 * </ul>
 */
final class WebSecurityFilter extends OncePerRequestFilter {

  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final SupplyChainAssistant assistant;

  WebSecurityFilter(SupplyChainAssistant assistant) {
    this.assistant = assistant;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/actuator") && !path.equals("/actuator/health") && !path.startsWith("/actuator/health/")) {
      try {
        assistant.session(AssistantController.bearer(request.getHeader("Authorization")), null);
      } catch (ApiException e) {
        response.setStatus(401);
        response.setContentType("application/json");
        response.setHeader("WWW-Authenticate", "Bearer");
        response.getOutputStream().write(("{\"error\":{\"code\":\"unauthorized\",\"message\":\"Actuator's endpoints "
            + "need a signed-in caller: send Authorization: Bearer <access_token>\"}}").getBytes(StandardCharsets.UTF_8));
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
