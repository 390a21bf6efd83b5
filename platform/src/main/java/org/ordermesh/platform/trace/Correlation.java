package org.ordermesh.platform.trace;

/** What one unit of work is correlated by: its span of the trace and the caller's request id (may be null). */
record Correlation(TraceParent trace, String requestId) {
}
