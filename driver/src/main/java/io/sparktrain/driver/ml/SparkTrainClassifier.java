package io.sparktrain.driver.ml;

import io.sparktrain.kernels.model.NetworkShape;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML classifier that trains a SparkTrain multilayer perceptron (dense hidden layers of
 * {@code hiddenLayers} units, a softmax output with cross-entropy loss) with the project's
 * distributed trainer: {@code fit} builds the recipe a YAML job with the same settings builds
 * ({@link SparkTrainParams} lists the params), shards the DataFrame over {@code workers} workers
 * (row {@code i} to worker {@code floor(i / batchSize) mod workers}) and trains with
 * {@link io.sparktrain.driver.train.TrainingMasters}. The features column holds
 * {@code org.apache.spark.ml.linalg.Vector}s of one size; the label column class indices
 * {@code 0..classes-1}, with the number of classes from the column's metadata (as
 * {@code StringIndexer} writes it) or else the largest label plus one.
 *
 * <p>Works in a {@code Pipeline}, in {@code CrossValidator} and {@code TrainValidationSplit}
 * (which set params through {@code copy(ParamMap)}), and saves and loads with its params
 * ({@link #write()}, {@link #load(String)}). Not thread-safe, like every Spark ML stage.
 */
public final class SparkTrainClassifier
    extends ProbabilisticClassifier<Vector, SparkTrainClassifier, SparkTrainClassificationModel>
    implements SparkTrainSetters<SparkTrainClassifier>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private String uid;
  private final TrainerParams trainer;

  /** A classifier with a fresh uid and the default params. */
  public SparkTrainClassifier() {
    this(Uids.random("sparkTrainClassifier"));
  }

  /** A classifier with the given uid and the default params (Spark's loading and copying use it). */
  public SparkTrainClassifier(String uid) {
    this(Uids.handOver(uid));
  }

  private SparkTrainClassifier(Uids.Token token) {
    uid();
    trainer = new TrainerParams(this);
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = Uids.take();
    }
    return uid;
  }

  @Override
  public TrainerParams trainerParams() {
    return trainer;
  }

  @Override
  public SparkTrainClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /**
   * Trains on {@code dataset} (called by {@code fit}, which checks the schema and casts the label
   * to double first).
   *
   * @throws IllegalArgumentException naming the column when a label is not a class index or a
   *     features vector is null, of another size or not finite
   * @throws io.sparktrain.kernels.config.ConfigException when the params conflict
   */
  @Override
  public SparkTrainClassificationModel train(Dataset<?> dataset) {
    int classes = DataFrameShards.classes(dataset, getLabelCol());
    NetworkShape shape = NetworkShape.classifier(DataFrameShards.width(dataset, getFeaturesCol()), classes);
    float[] parameters = Fits.fit(this, dataset, getFeaturesCol(), getLabelCol(), shape);
    return new SparkTrainClassificationModel(uid(), shape, parameters);
  }

  /** Reads a classifier saved with {@code write().save(path)}. */
  public static MLReader<SparkTrainClassifier> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads a classifier saved with {@code save(path)}. */
  public static SparkTrainClassifier load(String path) {
    return read().load(path);
  }
}
