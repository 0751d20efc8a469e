package io.sparktrain.driver.ml;

import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.model.NetworkShape;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A classifier fitted by {@link SparkTrainClassifier}: the network its params describe and its
 * flat parameters. {@code transform} runs on the executors (the parameters broadcast once, rows
 * predicted in batches) and appends, where their column names are not empty, the prediction (the
 * class index), the raw prediction (the softmax outputs) and the probability (the same, scaled to
 * sum to exactly 1); with {@code thresholds} the predicted class is the largest
 * {@code probability / threshold}. Saves through {@link #write()} and loads with
 * {@link #load(String)}, also inside a {@code PipelineModel}.
 */
public final class SparkTrainClassificationModel
    extends ProbabilisticClassificationModel<Vector, SparkTrainClassificationModel>
    implements SparkTrainParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private String uid;
  private final TrainerParams trainer;
  private final NetworkShape shape;
  private final float[] parameters;

  SparkTrainClassificationModel(String uid, NetworkShape shape, float[] parameters) {
    this(Uids.handOver(uid), shape, parameters);
  }

  private SparkTrainClassificationModel(Uids.Token token, NetworkShape shape, float[] parameters) {
    uid();
    trainer = new TrainerParams(this);
    if (!shape.classification()) {
      throw new IllegalArgumentException("a classification model needs a classifier's shape, got " + shape);
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
  public int numClasses() {
    return shape.outputs();
  }

  @Override
  public int numFeatures() {
    return shape.inputs();
  }

  /** The network the params describe (hidden layers, softmax output), without the parameters. */
  public ModelSpec modelSpec() {
    return TrainerParams.modelSpec(this, true);
  }

  /** A copy of the flat parameters, in the layout of {@link #modelSpec()}'s network. */
  public float[] flatParameters() {
    return parameters.clone();
  }

  /** The softmax outputs for one vector, on the calling thread. */
  @Override
  public Vector predictRaw(Vector features) {
    return Vectors.dense(Predictions.scores(modelSpec(), shape, parameters, features));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    if (!(rawPrediction instanceof DenseVector dense)) {
      throw new IllegalArgumentException("raw predictions are dense vectors, got " + rawPrediction.getClass());
    }
    double[] normalized = Predictions.normalized(dense.values());
    System.arraycopy(normalized, 0, dense.values(), 0, normalized.length);
    return dense;
  }

  /** Appends the prediction columns, computed on the executors. */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = transformSchema(dataset.schema());
    int inputs = dataset.schema().size();
    if (schema.size() == inputs) {
      return dataset.toDF();
    }
    double[] thresholds = null;
    if (isDefined(thresholds())) {
      thresholds = getThresholds();
      if (thresholds.length != numClasses()) {
        throw new IllegalArgumentException("thresholds has " + thresholds.length + " entries, but the model has "
            + numClasses() + " classes");
      }
    }
    return Predictions.transform(dataset, schema, modelSpec(), shape, parameters, getFeaturesCol(),
        Predictions.appended(schema, inputs, getPredictionCol(), getRawPredictionCol(), getProbabilityCol()),
        thresholds);
  }

  /**
   * Spark's own; overridden only because Java sees the Scala superclasses' two covariant
   * declarations of it as a clash.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public SparkTrainClassificationModel copy(ParamMap extra) {
    SparkTrainClassificationModel copy = copyValues(new SparkTrainClassificationModel(uid(), shape, parameters), extra);
    return copy.setParent(parent());
  }

  /** Writes Spark's metadata and the parameters ({@code data/parameters.bin}). */
  @Override
  public MLWriter write() {
    return new ModelIo.Writer(this, shape, parameters);
  }

  /** Reads a model saved with {@code write().save(path)}. */
  public static MLReader<SparkTrainClassificationModel> read() {
    return new ModelIo.Reader<>(SparkTrainClassificationModel.class, SparkTrainClassificationModel::new);
  }

  /** Loads a model saved with {@code save(path)}. */
  public static SparkTrainClassificationModel load(String path) {
    return read().load(path);
  }
}
