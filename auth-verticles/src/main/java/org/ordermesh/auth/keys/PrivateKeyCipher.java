package org.ordermesh.auth.keys;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ordermesh.auth.password.Argon2Params;
import org.ordermesh.auth.password.Argon2id;

/**
 * Private keys at rest: AES-256-GCM under a key derived from {@code ORDERMESH_SIGNING_KEY_PASSPHRASE} with
 * Argon2id and a salt per key, the {@code kid} bound as associated data so a ciphertext cannot be moved to
 * another key's record. Without a passphrase keys are stored as plain PKCS#8. Blocking: run on a worker.
 */
final class PrivateKeyCipher {

  private static final String SCHEME = "argon2id+A256GCM";
  private static final String PLAIN = "none";
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final String passphrase;
  private final Argon2Params kdf;
  private final SecureRandom random = new SecureRandom();

  PrivateKeyCipher(String passphrase, Argon2Params kdf) {
    this.passphrase = passphrase;
    this.kdf = kdf;
  }

  boolean encrypts() {
    return !passphrase.isEmpty();
  }

  JsonObject seal(String kid, PrivateKey key) throws GeneralSecurityException {
    byte[] pkcs8 = key.getEncoded();
    if (!encrypts()) {
      return new JsonObject().put("scheme", PLAIN).put("data", B64.encodeToString(pkcs8));
    }
    byte[] salt = randomBytes(16);
    byte[] iv = randomBytes(12);
    Cipher cipher = cipher(Cipher.ENCRYPT_MODE, salt, kdf, iv, kid);
    return new JsonObject()
        .put("scheme", SCHEME)
        .put("kdf", new JsonObject().put("m", kdf.memoryKib()).put("t", kdf.iterations()).put("p", kdf.parallelism()))
        .put("salt", B64.encodeToString(salt))
        .put("iv", B64.encodeToString(iv))
        .put("data", B64.encodeToString(cipher.doFinal(pkcs8)));
  }

  PrivateKey open(String kid, JsonObject sealed) throws GeneralSecurityException {
    byte[] pkcs8;
    if (PLAIN.equals(sealed.getString("scheme"))) {
      pkcs8 = B64_DECODER.decode(sealed.getString("data"));
    } else if (!encrypts()) {
      throw new IllegalStateException("signing key " + kid + " is encrypted: set ORDERMESH_SIGNING_KEY_PASSPHRASE");
    } else {
      JsonObject params = sealed.getJsonObject("kdf");
      Argon2Params used = new Argon2Params(params.getInteger("m"), params.getInteger("t"), params.getInteger("p"));
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, B64_DECODER.decode(sealed.getString("salt")), used,
          B64_DECODER.decode(sealed.getString("iv")), kid);
      try {
        pkcs8 = cipher.doFinal(B64_DECODER.decode(sealed.getString("data")));
      } catch (javax.crypto.AEADBadTagException e) {
        throw new IllegalStateException("signing key " + kid + " does not open with ORDERMESH_SIGNING_KEY_PASSPHRASE", e);
      }
    }
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  private Cipher cipher(int mode, byte[] salt, Argon2Params params, byte[] iv, String kid) throws GeneralSecurityException {
    byte[] key = Argon2id.derive(passphrase.getBytes(StandardCharsets.UTF_8), salt, params, 32);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
