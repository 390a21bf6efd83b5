package org.ordermesh.embedded;

/**
 * A place in a secondary index's key order rather than a value: a lookup key holding BEFORE at some
 * position sorts before every stored key that matches it up to there, AFTER after all of them. Only in
 * the keys a scan starts and stops at, never stored.
 */
public enum KeyBound {
  BEFORE, AFTER
}
