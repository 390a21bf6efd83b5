package org.ordermesh.auth.password;

/** Argon2id cost: memory in KiB, passes, lanes. */
public record Argon2Params(int memoryKib, int iterations, int parallelism) {

  /** OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1. */
  public static final Argon2Params OWASP = new Argon2Params(19 * 1024, 2, 1);

  public Argon2Params {
    if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
      throw new IllegalArgumentException("invalid Argon2 parameters m=" + memoryKib + " t=" + iterations + " p=" + parallelism);
    }
  }

  /** The PHC parameter string, {@code m=19456,t=2,p=1}. */
  String phc() {
    return "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
  }

  static Argon2Params parsePhc(String text) {
    int m = 0;
    int t = 0;
    int p = 0;
    for (String pair : text.split(",")) {
      String[] kv = pair.split("=", 2);
      int value = Integer.parseInt(kv[1]);
      switch (kv[0]) {
        case "m" -> m = value;
        case "t" -> t = value;
        case "p" -> p = value;
        default -> throw new IllegalArgumentException("unknown Argon2 parameter " + kv[0]);
      }
    }
    return new Argon2Params(m, t, p);
  }
}
