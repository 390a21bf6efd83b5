package org.ordermesh.platform.http;

/**
 * One invalid input: {@code field} is a dotted path into the body ({@code items.0.quantity}) or a query
 * parameter name.
 */
public record FieldError(String field, String message) {
}
