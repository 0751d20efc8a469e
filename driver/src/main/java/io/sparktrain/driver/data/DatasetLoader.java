package io.sparktrain.driver.data;

import io.sparktrain.kernels.model.NetworkShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Reads a data set through Spark into cached per-worker shards. Executors open and parse the
 * files themselves (nothing is parallelized from the driver but the file names); example {@code i}
 * in input order goes to worker {@code floor(i / b) mod W}, so with shuffling off step {@code t}
 * covers examples {@code [t*W*b, (t+1)*W*b)} whatever {@code W} is. Rows skipped as bad
 * ({@code data.on-bad-row: skip}) take no position: {@code i} counts the kept rows only.
 */
public final class DatasetLoader {
  private final JavaSparkContext spark;
  private final DataSpec spec;
  private final int workers;
  private final int batchSize;

  /**
   * @param spark the Spark context
   * @param spec where and how to read
   * @param workers number of workers, one partition each
   * @param batchSize per-worker batch size {@code b}, which decides the assignment of examples
   */
  public DatasetLoader(JavaSparkContext spark, DataSpec spec, int workers, int batchSize) {
    this.spark = spark;
    this.spec = spec;
    this.workers = workers;
    this.batchSize = batchSize;
  }

  /** Loads the training data and fits the normalization on it. */
  public ShardedDataset loadTraining() {
    return load(spec.train(), null);
  }

  /** Loads the test data with the training data's width and normalization. */
  public ShardedDataset loadTest(InputSchema schema) {
    return load(spec.test(), schema);
  }

  /**
   * Loads {@code path} (in the spec's format) with a given width and normalization.
   *
   * @param schema the training data's schema, or null to fit one on this data
   */
  public ShardedDataset load(String path, InputSchema schema) {
    List<List<String>> units = InputUnits.expand(path, spec.format(), spark.hadoopConfiguration());
    try {
      return shard(path, units, schema);
    } catch (SparkException | RuntimeException e) {
      BadInputException bad = BadInputException.findIn(e);
      if (bad != null) {
        throw bad;
      }
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
  }

  private ShardedDataset shard(String path, List<List<String>> units, InputSchema schema) throws SparkException {
    JavaRDD<ParsedUnit> parsedUnits = parse(units).persist(StorageLevel.MEMORY_AND_DISK());
    JavaPairRDD<Integer, Row> parsed = parsedUnits.flatMapToPair(ParsedUnit::pairs);
    try {
      FeatureStats stats = parsedUnits.treeAggregate(new FeatureStats(units.size()), FeatureStats::record,
          FeatureStats::merge);
      spec.badRows().check(path, stats.skipped(), stats.rows());
      int width = width(units, stats, schema);
      FeatureScaling scaling = schema != null ? schema.scaling() : stats.fit(spec.normalize(), width);
      long[] offsets = new long[units.size()];
      long[] rows = stats.rowsPerUnit();
      for (int u = 1; u < offsets.length; u++) {
        offsets[u] = offsets[u - 1] + rows[u - 1];
      }
      int w = workers;
      long b = batchSize;
      JavaRDD<WorkerShard> shards = parsed
          .mapToPair(row -> {
            long index = offsets[row._1()] + row._2().index();
            return new Tuple2<>((int) ((index / b) % w), row._2().at(index));
          })
          .partitionBy(new HashPartitioner(workers))
          .mapPartitionsWithIndex((worker, rowsOfWorker) ->
              Collections.singletonList(toShard(worker, rowsOfWorker, width, scaling)).iterator(), true)
          .persist(StorageLevel.MEMORY_ONLY());
      long[] counts = shards.map(shard -> (long) shard.count()).collect().stream()
          .mapToLong(Long::longValue).toArray();
      NetworkShape shape = spec.classification()
          ? NetworkShape.classifier(width, spec.classes()) : NetworkShape.regressor(width);
      return new ShardedDataset(shards, counts, shape, scaling, stats.skipped());
    } finally {
      parsedUnits.unpersist(false);
    }
  }

  private JavaRDD<ParsedUnit> parse(List<List<String>> units) {
    HadoopConf conf = new HadoopConf(spark.hadoopConfiguration());
    RowParser parser = RowParser.forSpec(spec);
    LabelRule labels = new LabelRule(spec.classes());
    List<Integer> ids = IntStream.range(0, units.size()).boxed().toList();
    int slices = Math.max(1, Math.min(units.size(), spark.defaultParallelism()));
    return spark.parallelize(ids, slices).map(unit -> {
      List<Row> rows = new ArrayList<>();
      SkippedRows skipped = InputUnits.parse(units.get(unit), conf.get(), parser, labels, rows::add);
      return new ParsedUnit(unit, rows.toArray(Row[]::new), skipped);
    });
  }

  private int width(List<List<String>> units, FeatureStats stats, InputSchema schema) {
    int[] widths = stats.widthPerUnit();
    long[] rows = stats.rowsPerUnit();
    boolean sparse = spec.format() == DataFormat.LIBSVM;
    int first = IntStream.range(0, widths.length).filter(u -> rows[u] > 0).findFirst().orElseThrow();
    if (!sparse) {
      for (int u = first + 1; u < widths.length; u++) {
        if (rows[u] > 0 && widths[u] != widths[first]) {
          throw new BadInputException(units.get(u).get(0) + ": rows have " + widths[u]
              + " features but " + units.get(first).get(0) + " has " + widths[first]);
        }
      }
    }
    if (schema == null) {
      return sparse ? stats.width() : widths[first];
    }
    int expected = schema.width();
    for (int u = 0; u < widths.length; u++) {
      if (rows[u] > 0 && (sparse ? widths[u] > expected : widths[u] != expected)) {
        throw new BadInputException(units.get(u).get(0) + ": rows have " + widths[u]
            + " features but the training data has " + expected);
      }
    }
    return expected;
  }

  private static WorkerShard toShard(int worker, java.util.Iterator<Tuple2<Integer, Row>> rows, int width,
      FeatureScaling scaling) {
    List<Row> mine = new ArrayList<>();
    rows.forEachRemaining(row -> mine.add(row._2()));
    mine.sort((a, c) -> Long.compare(a.index(), c.index()));
    int count = mine.size();
    float[] features = new float[count * width];
    float[] labels = new float[count];
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      Row row = mine.get(i);
      row.copyTo(features, i * width, width);
      scaling.apply(features, i * width);
      labels[i] = row.label();
      ids[i] = row.index();
    }
    return new WorkerShard(worker, features, labels, ids, count, width);
  }
}
