package io.sparktrain.driver.ml;

import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.model.NetworkShape;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A regressor fitted by {@link SparkTrainRegressor}: the network its params describe and its flat
 * parameters. {@code transform} runs on the executors (the parameters broadcast once, rows
 * predicted in batches) and appends the prediction column. Saves through {@link #write()} and
 * loads with {@link #load(String)}, also inside a {@code PipelineModel}.
 */
public final class SparkTrainRegressionModel extends RegressionModel<Vector, SparkTrainRegressionModel>
    implements SparkTrainParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private String uid;
  private final TrainerParams trainer;
  private final NetworkShape shape;
  private final float[] parameters;

  SparkTrainRegressionModel(String uid, NetworkShape shape, float[] parameters) {
    this(Uids.handOver(uid), shape, parameters);
  }

  private SparkTrainRegressionModel(Uids.Token token, NetworkShape shape, float[] parameters) {
    uid();
    trainer = new TrainerParams(this);
    if (shape.classification() || shape.outputs() != 1) {
      throw new IllegalArgumentException("a regression model needs a single-output regressor's shape, got " + shape);
    }
    this.shape = shape;
    this.parameters = parameters.clone();
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
  public int numFeatures() {
    return shape.inputs();
  }

  /** The network the params describe (hidden layers, identity output), without the parameters. */
  public ModelSpec modelSpec() {
    return TrainerParams.modelSpec(this, false);
  }

  /** A copy of the flat parameters, in the layout of {@link #modelSpec()}'s network. */
  public float[] flatParameters() {
    return parameters.clone();
  }

  /** The prediction for one vector, on the calling thread. */
  @Override
  public double predict(Vector features) {
    return Predictions.scores(modelSpec(), shape, parameters, features)[0];
  }

  /** Appends the prediction column, computed on the executors. */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = transformSchema(dataset.schema());
    int inputs = dataset.schema().size();
    if (schema.size() == inputs) {
      return dataset.toDF();
    }
    return Predictions.transform(dataset, schema, modelSpec(), shape, parameters, getFeaturesCol(),
        Predictions.appended(schema, inputs, getPredictionCol(), null, null), null);
  }

  @Override
  public SparkTrainRegressionModel copy(ParamMap extra) {
    SparkTrainRegressionModel copy = copyValues(new SparkTrainRegressionModel(uid(), shape, parameters), extra);
    return copy.setParent(parent());
  }

  /** Writes Spark's metadata and the parameters ({@code data/parameters.bin}). */
  @Override
  public MLWriter write() {
    return new ModelIo.Writer(this, shape, parameters);
  }

  /** Reads a model saved with {@code write().save(path)}. */
  public static MLReader<SparkTrainRegressionModel> read() {
    return new ModelIo.Reader<>(SparkTrainRegressionModel.class, SparkTrainRegressionModel::new);
  }

  /** Loads a model saved with {@code save(path)}. */
  public static SparkTrainRegressionModel load(String path) {
    return read().load(path);
  }
}
