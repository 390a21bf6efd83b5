package org.ordermesh.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ordermesh.platform.http.TestApi.problem;
import static org.ordermesh.platform.http.TestApi.type;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(VertxExtension.class)
@DisplayName("every failure answers application/problem+json")
class ProblemResponsesTest {

  private static TestApi api;

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    api = TestApi.deploy(vertx);
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String slug) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo(ProblemHandler.PROBLEM_JSON);
    JsonObject problem = problem(response);
    assertThat(problem.getString("type")).isEqualTo(type(slug));
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("traceId")).hasSize(32);
  }

  @Nested
  @DisplayName("for Vert.x's own errors")
  class RouterErrors {

    @Test
    @DisplayName("an unknown path is a 404 naming the path")
    void unknownPath() throws Exception {
      HttpResponse<Buffer> response = api.get("/api/v1/nothing-here");

      assertProblem(response, 404, "not-found");
      assertThat(problem(response).getString("instance")).isEqualTo("/api/v1/nothing-here");
    }

    @Test
    @DisplayName("a known path with the wrong method is a 405")
    void wrongMethod() throws Exception {
      assertProblem(api.send(HttpMethod.DELETE, "/api/v1/widgets", null, Buffer.buffer()), 405, "method-not-allowed");
    }

    @Test
    @DisplayName("a body over 64 KiB is a 413")
    void bodyTooLarge() throws Exception {
      String huge = "{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}";

      assertProblem(api.postJson("/api/v1/widgets", huge), 413, "payload-too-large");
    }

    @Test
    @DisplayName("an unexpected exception is a generic 500 that leaks nothing")
    void unexpectedException() throws Exception {
      HttpResponse<Buffer> response = api.get("/api/v1/boom");

      assertProblem(response, 500, "internal-error");
      assertThat(response.bodyAsString()).doesNotContain("secret", "IllegalState");
    }
  }

  @Nested
  @DisplayName("for bodies")
  class BodyErrors {

    @Test
    @DisplayName("malformed JSON is a 400")
    void malformedJson() throws Exception {
      assertProblem(api.postJson("/api/v1/widgets", "{\"name\": "), 400, "malformed-json");
    }

    @Test
    @DisplayName("a JSON array where an object belongs is a 400")
    void arrayBody() throws Exception {
      assertProblem(api.postJson("/api/v1/widgets", "[{\"name\": \"a\"}]"), 400, "bad-request");
    }

    @Test
    @DisplayName("an empty body is a 400")
    void emptyBody() throws Exception {
      assertProblem(api.send(HttpMethod.POST, "/api/v1/widgets", "application/json", Buffer.buffer()), 400, "bad-request");
    }

    @ParameterizedTest
    @CsvSource({"text/plain", "application/xml", "application/x-www-form-urlencoded"})
    @DisplayName("a body that is not JSON is a 415")
    void notJson(String contentType) throws Exception {
      assertProblem(api.send(HttpMethod.POST, "/api/v1/widgets", contentType, Buffer.buffer("name=a")), 415,
          "unsupported-media-type");
    }

    @Test
    @DisplayName("a body without a content type is a 415")
    void noContentType() throws Exception {
      assertProblem(api.send(HttpMethod.POST, "/api/v1/widgets", null, Buffer.buffer("{}")), 415, "unsupported-media-type");
    }

    @ParameterizedTest
    @CsvSource({"application/json; charset=utf-8", "application/merge-patch+json"})
    @DisplayName("JSON with a charset or a +json type is accepted")
    void jsonVariants(String contentType) throws Exception {
      String widget = "{\"name\": \"w\", \"items\": [{\"productId\": \"p1\", \"quantity\": 1}]}";

      assertThat(api.send(HttpMethod.POST, "/api/v1/widgets", contentType, Buffer.buffer(widget)).statusCode()).isEqualTo(201);
    }

    @Test
    @DisplayName("a route that opted in takes form-encoded bodies")
    void formOptIn() throws Exception {
      HttpResponse<Buffer> response = api.send(HttpMethod.POST, "/api/v1/token", "application/x-www-form-urlencoded",
          Buffer.buffer("grant_type=password&email=a%40b.c"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("grant_type", "password").put("email", "a@b.c"));
    }
  }

  @Nested
  @DisplayName("for ApiExceptions")
  class DomainErrors {

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource({
        "unauthorized, 401", "forbidden, 403", "not-found, 404", "conflict, 409", "precondition-failed, 412",
        "precondition-required, 428", "unprocessable, 422", "too-many-requests, 429", "unavailable, 503"})
    @DisplayName("each kind has its status and type")
    void eachKind(String kind, int status) throws Exception {
      HttpResponse<Buffer> response = api.get("/api/v1/failures/" + kind);

      String slug = switch (kind) {
        case "unprocessable" -> "unprocessable-content";
        case "unavailable" -> "service-unavailable";
        default -> kind;
      };
      assertProblem(response, status, slug);
      assertThat(problem(response).getString("detail")).isNotBlank();
    }

    @Test
    @DisplayName("401 challenges for a bearer token")
    void unauthorizedChallenges() throws Exception {
      assertThat(api.get("/api/v1/failures/unauthorized").getHeader("WWW-Authenticate"))
          .isEqualTo("Bearer realm=\"ordermesh\", error=\"invalid_token\"");
    }

    @ParameterizedTest(name = "{0} says retry after {1} s")
    @CsvSource({"too-many-requests, 30", "unavailable, 5", "conflict, 2"})
    @DisplayName("throttling, unavailability and in-flight conflicts say when to retry")
    void retryAfter(String kind, String seconds) throws Exception {
      assertThat(api.get("/api/v1/failures/" + kind).getHeader("Retry-After")).isEqualTo(seconds);
    }
  }
}
