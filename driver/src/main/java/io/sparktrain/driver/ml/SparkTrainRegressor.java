package io.sparktrain.driver.ml;

import io.sparktrain.kernels.model.NetworkShape;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML regressor that trains a SparkTrain multilayer perceptron (dense hidden layers of
 * {@code hiddenLayers} units, one identity output with squared-error loss) with the project's
 * distributed trainer, exactly as {@link SparkTrainClassifier} does for classes. The label column
 * holds finite numbers.
 *
 * <p>Works in a {@code Pipeline} and {@code CrossValidator}, and saves and loads with its params.
 * Not thread-safe, like every Spark ML stage.
 */
public final class SparkTrainRegressor extends Regressor<Vector, SparkTrainRegressor, SparkTrainRegressionModel>
    implements SparkTrainSetters<SparkTrainRegressor>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private String uid;
  private final TrainerParams trainer;

  /** A regressor with a fresh uid and the default params. */
  public SparkTrainRegressor() {
    this(Uids.random("sparkTrainRegressor"));
  }

  /** A regressor with the given uid and the default params (Spark's loading and copying use it). */
  public SparkTrainRegressor(String uid) {
    this(Uids.handOver(uid));
  }

  private SparkTrainRegressor(Uids.Token token) {
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
  public SparkTrainRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /**
   * Trains on {@code dataset} (called by {@code fit}, which checks the schema and casts the label
   * to double first).
   *
   * @throws IllegalArgumentException naming the column when a target is not finite or a features
   *     vector is null, of another size or not finite
   * @throws io.sparktrain.kernels.config.ConfigException when the params conflict
   */
  @Override
  public SparkTrainRegressionModel train(Dataset<?> dataset) {
    DataFrameShards.checkTargets(dataset, getLabelCol());
    NetworkShape shape = NetworkShape.regressor(DataFrameShards.width(dataset, getFeaturesCol()));
    float[] parameters = Fits.fit(this, dataset, getFeaturesCol(), getLabelCol(), shape);
    return new SparkTrainRegressionModel(uid(), shape, parameters);
  }

  /** Reads a regressor saved with {@code write().save(path)}. */
  public static MLReader<SparkTrainRegressor> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads a regressor saved with {@code save(path)}. */
  public static SparkTrainRegressor load(String path) {
    return read().load(path);
  }
}
