package de.bwaldvogel.mongo.backend;

import de.bwaldvogel.mongo.bson.Document;

/** The size mongo-java-server counts a document at in a collection's data size: Utils.calculateSize, package-private there. */
public final class DocumentSize {

  private DocumentSize() {
  }

  public static int of(Document document) {
    return Utils.calculateSize(document);
  }
}
