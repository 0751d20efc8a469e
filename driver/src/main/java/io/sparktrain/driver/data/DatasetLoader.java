package io.sparktrain.driver.data;

import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.train.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongToIntFunction;
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
 * covers examples {@code [t*W*b, (t+1)*W*b)} whatever {@code W} is.
 *
 * <p>With {@code data.validation-fraction} set, the training input is split first: the example at
 * input position {@code p} is held out when a draw from the job seed and {@code p} falls below the
 * fraction ({@link Seeds#validation}), whatever the number of workers. The remaining examples keep
 * their input order and are numbered {@code 0..N-1} among themselves; that number is the {@code i}
 * of the worker assignment and the example's id (dropout masks), so training on them is training
 * on a data set that holds only them. The normalization is fitted on the training part only.
 *
 * <p>Rows skipped as bad ({@code data.on-bad-row: skip}) take no input position: {@code p} and
 * {@code i} count kept rows only, so skipping a row is the same as deleting it from the file.
 */
public final class DatasetLoader {
  private final JavaSparkContext spark;
  private final DataSpec spec;
  private final int workers;
  private final LongToIntFunction batchSize;
  private final TokenRule tokens;

  /**
   * @param spark the Spark context
   * @param spec where and how to read
   * @param workers number of workers, one partition each
   * @param batchSize per-worker batch size {@code b}, which decides the assignment of examples
   */
  public DatasetLoader(JavaSparkContext spark, DataSpec spec, int workers, int batchSize) {
    this(spark, spec, workers, examples -> batchSize);
  }

  /**
   * A loader whose per-worker batch size depends on the data, such as full-batch training's
   * {@code ceil(N / W)}.
   *
   * @param spark the Spark context
   * @param spec where and how to read
   * @param workers number of workers, one partition each
   * @param batchSize the per-worker batch size {@code b} for a data set of the given number of
   *     examples (for training data: the examples left after the validation split), &gt;= 1
   */
  public DatasetLoader(JavaSparkContext spark, DataSpec spec, int workers, LongToIntFunction batchSize) {
    this(spark, spec, workers, batchSize, new TokenRule(0));
  }

  private DatasetLoader(JavaSparkContext spark, DataSpec spec, int workers, LongToIntFunction batchSize,
      TokenRule tokens) {
    this.spark = spark;
    this.spec = spec;
    this.workers = workers;
    this.batchSize = batchSize;
    this.tokens = tokens;
  }

  /**
   * This loader for data that {@code model} reads: when its first layer is an embedding, every
   * feature must be a token id in {@code [0, vocabulary)}, and a bad one fails naming the file,
   * the example and the feature.
   */
  public DatasetLoader forModel(ModelSpec model) {
    int vocabulary = model.readsTokenIds() ? ((LayerSpec.Embedding) model.layers().get(0)).vocabulary() : 0;
    return new DatasetLoader(spark, spec, workers, batchSize, new TokenRule(vocabulary));
  }

  /**
   * Loads the training data and fits the normalization on it.
   *
   * @throws IllegalStateException if the spec holds out a validation fraction: use
   *     {@link #loadTrainingSplit}
   */
  public ShardedDataset loadTraining() {
    if (spec.validationFraction() > 0) {
      throw new IllegalStateException("data.validation-fraction is " + spec.validationFraction()
          + ": load the training data with loadTrainingSplit");
    }
    return loadTrainingSplit(null, 0).training();
  }

  /**
   * Loads the training data, holding out {@code data.validation-fraction} of it for validation.
   *
   * @param schema the width and normalization to read with (fine-tuning), or null to fit them on
   *     the training part
   * @param seed the job seed, which chooses the held-out examples
   * @throws ConfigException if the fraction leaves no training or no validation example
   */
  public TrainingSplit loadTrainingSplit(InputSchema schema, long seed) {
    return read(spec.train(), schema, seed, spec.validationFraction());
  }

  /** Loads the test data with the training data's width and normalization. */
  public ShardedDataset loadTest(InputSchema schema) {
    return load(spec.test(), schema);
  }

  /**
   * Loads all of {@code path} (in the spec's format) with a given width and normalization.
   *
   * @param schema the training data's schema, or null to fit one on this data
   */
  public ShardedDataset load(String path, InputSchema schema) {
    return read(path, schema, 0, 0).training();
  }

  private TrainingSplit read(String path, InputSchema schema, long seed, double fraction) {
    List<List<String>> units = InputUnits.expand(path, spec.format(), spark.hadoopConfiguration());
    try {
      return shard(path, units, schema, seed, fraction);
    } catch (SparkException | RuntimeException e) {
      BadInputException bad = BadInputException.findIn(e);
      if (bad != null) {
        throw bad;
      }
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
  }

  private TrainingSplit shard(String path, List<List<String>> units, InputSchema schema, long seed,
      double fraction) throws SparkException {
    JavaRDD<ParsedUnit> parsedUnits = parse(units).persist(StorageLevel.MEMORY_AND_DISK());
    JavaPairRDD<Integer, Row> parsed = parsedUnits.flatMapToPair(ParsedUnit::pairs);
    try {
      FeatureStats all = parsedUnits.treeAggregate(new FeatureStats(units.size()), FeatureStats::record,
          FeatureStats::merge);
      spec.badRows().check(path, all.skipped(), all.rows());
      int width = width(units, all, schema);
      if (fraction == 0) {
        FeatureScaling scaling = schema != null ? schema.scaling() : all.fit(spec.normalize(), width);
        return new TrainingSplit(toShards(parsed, all, width, scaling, all.skipped()), null);
      }
      long[] offsets = offsets(all.rowsPerUnit());
      JavaPairRDD<Integer, Row> training = parsed.filter(row ->
          Seeds.validation(seed, offsets[row._1()] + row._2().index()) >= fraction);
      JavaPairRDD<Integer, Row> validation = parsed.filter(row ->
          Seeds.validation(seed, offsets[row._1()] + row._2().index()) < fraction);
      FeatureStats trainingStats = stats(training, units.size());
      FeatureStats validationStats = stats(validation, units.size());
      if (trainingStats.rows() == 0 || validationStats.rows() == 0) {
        throw new ConfigException("data.validation-fraction " + fraction + " leaves " + trainingStats.rows()
            + " training and " + validationStats.rows() + " validation examples of the " + all.rows() + " in "
            + path + "; both parts need at least one: choose a fraction between 0 and 1 that fits the data,"
            + " or 0 for no validation split");
      }
      FeatureScaling scaling = schema != null ? schema.scaling() : trainingStats.fit(spec.normalize(), width);
      return new TrainingSplit(toShards(training, trainingStats, width, scaling, all.skipped()),
          toShards(validation, validationStats, width, scaling, SkippedRows.none()));
    } finally {
      parsedUnits.unpersist(false);
    }
  }

  private static FeatureStats stats(JavaPairRDD<Integer, Row> rows, int units) {
    return rows.treeAggregate(new FeatureStats(units), (s, row) -> s.record(row._1(), row._2()), FeatureStats::merge);
  }

  /**
   * Cached shards of {@code rows}, numbered {@code 0..N-1} in input order: within each input unit
   * by their position (every unit is parsed by one task, so its rows share a partition), after the
   * rows of the units before it ({@code stats} counts the rows of each unit). {@code skipped}
   * counts the bad rows of the input that were left out.
   */
  private ShardedDataset toShards(JavaPairRDD<Integer, Row> rows, FeatureStats stats, int width,
      FeatureScaling scaling, SkippedRows skipped) {
    long[] offsets = offsets(stats.rowsPerUnit());
    NetworkShape shape = spec.classification()
        ? NetworkShape.classifier(width, spec.classes()) : NetworkShape.regressor(width);
    return shard(rows.mapPartitions(rowsOfUnits -> numbered(rowsOfUnits, offsets).iterator()), workers,
        batchSize.applyAsInt(stats.rows()), shape, scaling, skipped);
  }

  /**
   * Cached shards of examples that are already numbered {@code 0..N-1} in input order
   * ({@link Row#index}) and normalized as {@code scaling} says: example {@code i} goes to worker
   * {@code floor(i / b) mod W}, exactly as for examples read from files. For data that does not
   * come from files, such as a Spark {@code DataFrame}.
   *
   * @param rows the numbered examples, each with at most {@code shape.inputs()} features
   * @param workers number of workers {@code W}, one partition each
   * @param batchSize the per-worker batch size {@code b}, &gt;= 1
   * @param shape the input width (the features per example) and the output width
   * @param scaling applied to every example's features as its shard is built
   * @param skipped the bad rows left out of {@code rows}, for the record
   */
  public static ShardedDataset shard(JavaRDD<Row> rows, int workers, int batchSize, NetworkShape shape,
      FeatureScaling scaling, SkippedRows skipped) {
    int w = workers;
    long b = batchSize;
    int width = shape.inputs();
    JavaRDD<WorkerShard> shards = rows
        .mapToPair(row -> new Tuple2<>((int) ((row.index() / b) % w), row))
        .partitionBy(new HashPartitioner(workers))
        .mapPartitionsWithIndex((worker, rowsOfWorker) ->
            Collections.singletonList(toShard(worker, rowsOfWorker, width, scaling)).iterator(), true)
        .persist(StorageLevel.MEMORY_ONLY());
    long[] counts = shards.map(shard -> (long) shard.count()).collect().stream()
        .mapToLong(Long::longValue).toArray();
    return new ShardedDataset(shards, counts, shape, scaling, skipped);
  }

  private static List<Row> numbered(Iterator<Tuple2<Integer, Row>> rows, long[] offsets) {
    List<Tuple2<Integer, Row>> mine = new ArrayList<>();
    rows.forEachRemaining(mine::add);
    mine.sort(Comparator.<Tuple2<Integer, Row>>comparingInt(Tuple2::_1)
        .thenComparingLong(row -> row._2().index()));
    List<Row> numbered = new ArrayList<>(mine.size());
    int unit = -1;
    long next = 0;
    for (Tuple2<Integer, Row> row : mine) {
      if (row._1() != unit) {
        unit = row._1();
        next = offsets[unit];
      }
      numbered.add(row._2().at(next++));
    }
    return numbered;
  }

  private static long[] offsets(long[] rowsPerUnit) {
    long[] offsets = new long[rowsPerUnit.length];
    for (int u = 1; u < offsets.length; u++) {
      offsets[u] = offsets[u - 1] + rowsPerUnit[u - 1];
    }
    return offsets;
  }

  private JavaRDD<ParsedUnit> parse(List<List<String>> units) {
    HadoopConf conf = new HadoopConf(spark.hadoopConfiguration());
    RowParser parser = RowParser.forSpec(spec);
    LabelRule labels = new LabelRule(spec.classes());
    TokenRule tokenIds = tokens;
    List<Integer> ids = IntStream.range(0, units.size()).boxed().toList();
    int slices = Math.max(1, Math.min(units.size(), spark.defaultParallelism()));
    return spark.parallelize(ids, slices).map(unit -> {
      List<Row> rows = new ArrayList<>();
      String file = units.get(unit).get(0);
      SkippedRows skipped = InputUnits.parse(units.get(unit), conf.get(), parser, labels, row -> {
        tokenIds.check(row, file);
        rows.add(row);
      });
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

  private static WorkerShard toShard(int worker, Iterator<Tuple2<Integer, Row>> rows, int width,
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
