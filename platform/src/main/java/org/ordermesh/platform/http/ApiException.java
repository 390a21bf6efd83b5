package org.ordermesh.platform.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A failure the client caused or must know about; {@link ProblemHandler} turns it into problem+json.
 * Instances are immutable: the {@code with...} methods return a copy.
 */
public final class ApiException extends RuntimeException {

  static final String BEARER_CHALLENGE = "Bearer realm=\"ordermesh\", error=\"invalid_token\"";

  private final int status;
  private final String type;
  private final String title;
  private final List<FieldError> errors;
  private final Long retryAfterSeconds;
  private final Map<String, String> headers;

  private ApiException(int status, String type, String title, String detail, List<FieldError> errors,
      Long retryAfterSeconds, Map<String, String> headers) {
    // no stack trace: these are expected outcomes, thrown on hot paths
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
    this.headers = Map.copyOf(headers);
  }

  public static ApiException of(ProblemType type, String detail) {
    return new ApiException(type.status(), type.uri(), type.title(), detail, List.of(), null, Map.of());
  }

  /** A status no {@link ProblemType} covers: RFC 9457's {@code about:blank} with the status's reason phrase. */
  static ApiException blank(int status, String title, String detail) {
    return new ApiException(status, "about:blank", title, detail, List.of(), null, Map.of());
  }

  public static ApiException badRequest(String detail) {
    return of(ProblemType.BAD_REQUEST, detail);
  }

  public static ApiException invalid(List<FieldError> errors) {
    return new ApiException(400, ProblemType.INVALID_REQUEST.uri(), ProblemType.INVALID_REQUEST.title(),
        "the request has invalid fields", errors, null, Map.of());
  }

  public static ApiException invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public static ApiException malformedJson(String detail) {
    return of(ProblemType.MALFORMED_JSON, detail);
  }

  public static ApiException unauthorized(String detail) {
    return of(ProblemType.UNAUTHORIZED, detail).withHeader("WWW-Authenticate", BEARER_CHALLENGE);
  }

  public static ApiException forbidden(String detail) {
    return of(ProblemType.FORBIDDEN, detail);
  }

  public static ApiException notFound(String detail) {
    return of(ProblemType.NOT_FOUND, detail);
  }

  public static ApiException conflict(String detail) {
    return of(ProblemType.CONFLICT, detail);
  }

  public static ApiException preconditionFailed(String detail) {
    return of(ProblemType.PRECONDITION_FAILED, detail);
  }

  public static ApiException preconditionRequired(String detail) {
    return of(ProblemType.PRECONDITION_REQUIRED, detail);
  }

  public static ApiException payloadTooLarge(String detail) {
    return of(ProblemType.PAYLOAD_TOO_LARGE, detail);
  }

  public static ApiException unsupportedMediaType(String detail) {
    return of(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail);
  }

  public static ApiException unprocessable(String detail) {
    return of(ProblemType.UNPROCESSABLE, detail);
  }

  public static ApiException tooManyRequests(long retryAfterSeconds) {
    return of(ProblemType.TOO_MANY_REQUESTS, "too many requests, retry later").withRetryAfter(retryAfterSeconds);
  }

  public static ApiException unavailable(long retryAfterSeconds) {
    return of(ProblemType.UNAVAILABLE, "a dependency is unavailable, retry later").withRetryAfter(retryAfterSeconds);
  }

  /** An upstream service answered badly or not at all (the gateway's view). */
  public static ApiException badGateway(String detail) {
    return of(ProblemType.BAD_GATEWAY, detail);
  }

  /** The same problem under a more specific type, e.g. {@code conflict(...).withType("version-mismatch")}. */
  public ApiException withType(String slug) {
    return new ApiException(status, ProblemType.BASE_URI + slug, title, getMessage(), errors, retryAfterSeconds, headers);
  }

  public ApiException withDetail(String detail) {
    return new ApiException(status, type, title, detail, errors, retryAfterSeconds, headers);
  }

  public ApiException withRetryAfter(long seconds) {
    return new ApiException(status, type, title, getMessage(), errors, seconds, headers);
  }

  public ApiException withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiException(status, type, title, getMessage(), errors, retryAfterSeconds, more);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  public OptionalLong retryAfterSeconds() {
    return retryAfterSeconds == null ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
  }

  public Map<String, String> headers() {
    return headers;
  }
}
