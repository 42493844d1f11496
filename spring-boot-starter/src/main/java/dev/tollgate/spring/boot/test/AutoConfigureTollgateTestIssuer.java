package dev.tollgate.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a {@link dev.tollgate.testing.LocalIssuer} (needs {@code dev.tollgate:tollgate-testing} in
 * test scope) for the test's application context and points the starter at it: {@code
 * tollgate.issuer} and {@code tollgate.jwks-uri} are its, and its tokens name {@code
 * tollgate.resource} in {@code aud}. Inject the {@code LocalIssuer} to mint tokens, valid or broken
 * ({@code issuer.token().scopes("mcp").sign()}, {@code ...expired().sign()}). The issuer lives as
 * long as the (cached) context.
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = RANDOM_PORT, properties = "tollgate.resource=http://localhost/mcp")
 * @AutoConfigureTollgateTestIssuer
 * class ToolsTest {
 *   @Autowired LocalIssuer issuer;
 *   ...
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureTollgateTestIssuer {}
