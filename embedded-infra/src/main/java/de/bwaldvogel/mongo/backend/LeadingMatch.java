package de.bwaldvogel.mongo.backend;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The {@code $match} an aggregation pipeline opens with, and the {@code $sort} and {@code $limit} right
 * after it: mongod runs that part as a query (on an index when one fits) and the rest of the pipeline
 * on what it returns. mongo-java-server feeds every pipeline the whole collection; this runs the start
 * through the collection's query instead, so its indexes serve aggregations too.
 */
public record LeadingMatch(Document match, Document sort, int limit, int stages) {

  /** The pipeline's leading match, or null when it does not open with one. */
  public static LeadingMatch of(List<Document> pipeline) {
    if (pipeline.isEmpty() || !(pipeline.get(0).get("$match") instanceof Document match)) {
      return null;
    }
    int stages = 1;
    Document sort = null;
    if (stages < pipeline.size() && pipeline.get(stages).get("$sort") instanceof Document asked) {
      sort = asked;
      stages++;
    }
    int limit = 0;
    if (stages < pipeline.size() && pipeline.get(stages).get("$limit") instanceof Number number && number.intValue() > 0) {
      limit = number.intValue();
      stages++;
    }
    return new LeadingMatch(match, sort, limit, stages);
  }

  /** Runs {@code command}'s pipeline (which opens with this match) over {@code collection}: the aggregate command's answer. */
  public Document aggregate(MongoDatabase database, MongoCollection<?> collection, String namespace, Document command,
                            List<Document> pipeline, DatabaseResolver resolver, Oplog oplog) {
    Aggregation rest = Aggregation.fromPipeline(pipeline.subList(stages, pipeline.size()), resolver, database, collection, oplog);
    rest.validate(command);
    // always wrapped: a match on a field named "query" would otherwise read as the wrapper
    Document selector = new Document("query", match).append("orderby", sort);
    Iterable<Document> started = collection.handleQuery(new QueryParameters(selector, 0, limit));
    return Utils.firstBatchCursorResponse(namespace, rest.runStages(StreamSupport.stream(started.spliterator(), false)));
  }
}
