package dev.tollgate.spring.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * Runs the example: {@code java -jar spring-example/target/tollgate-spring-example.jar}. It reads
 * {@code PORT} and the {@code TOLLGATE_*} environment variables (or {@code tollgate.*} properties);
 * with no {@code TOLLGATE_ISSUER} it starts the local development authorization server and prints
 * the demo accounts' API keys.
 */
@SpringBootApplication
@EnableMethodSecurity
public class SpringExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(SpringExampleApplication.class, args);
  }
}
