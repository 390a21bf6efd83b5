package org.ordermesh.auth.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (BouncyCastle) in PHC string form: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. The
 * parameters travel in each hash, so raising the cost later leaves existing hashes verifiable. Blocking: call
 * it from a worker.
 */
public final class Argon2id {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final String PREFIX = "$argon2id$v=19$";
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final Argon2Params params;
  private final SecureRandom random = new SecureRandom();

  public Argon2id(Argon2Params params) {
    this.params = params;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password.getBytes(StandardCharsets.UTF_8), salt, params, HASH_BYTES);
    return PREFIX + params.phc() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** Whether {@code password} matches {@code encoded}, compared in constant time; false for a malformed hash. */
  public boolean verify(String password, String encoded) {
    String[] parts = encoded.split("\\$");
    if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
      return false;
    }
    try {
      byte[] expected = B64_DECODER.decode(parts[5]);
      byte[] actual = derive(password.getBytes(StandardCharsets.UTF_8), B64_DECODER.decode(parts[4]),
          Argon2Params.parsePhc(parts[3]), expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A key of {@code length} bytes from a secret and salt, for encrypting data at rest. */
  public static byte[] derive(byte[] secret, byte[] salt, Argon2Params params, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(params.memoryKib())
        .withIterations(params.iterations())
        .withParallelism(params.parallelism())
        .withSalt(salt)
        .build());
    byte[] out = new byte[length];
    generator.generateBytes(secret, out);
    return out;
  }

  public Argon2Params params() {
    return params;
  }
}
