package io.sparktrain.driver.ml;

import io.sparktrain.driver.SparkContexts;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.model.NetworkKernel;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.model.ThreadKernels;
import io.sparktrain.kernels.train.Batch;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Predicts on the executors: the flat parameters are broadcast once per {@code transform}, and
 * every task runs its partition's feature vectors through its thread's {@link NetworkKernel} in
 * batches, appending the columns the output schema adds. Nothing large is captured in a closure.
 */
final class Predictions implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;
  private static final int CHUNK = 512;

  /** What an appended column holds. */
  enum Output {
    /** The predicted class index, or the regression target. */
    PREDICTION,
    /** The output layer's activations, as a vector. */
    RAW,
    /** The class probabilities, as a vector. */
    PROBABILITY
  }

  private final ModelSpec model;
  private final NetworkShape shape;
  private final Broadcast<float[]> parameters;
  private final int featuresIndex;
  private final String featuresCol;
  private final Output[] outputs;
  private final double[] thresholds;
  private final int nativeThreads;

  private Predictions(ModelSpec model, NetworkShape shape, Broadcast<float[]> parameters, int featuresIndex,
      String featuresCol, Output[] outputs, double[] thresholds, int nativeThreads) {
    this.model = model;
    this.shape = shape;
    this.parameters = parameters;
    this.featuresIndex = featuresIndex;
    this.featuresCol = featuresCol;
    this.outputs = outputs;
    this.thresholds = thresholds;
    this.nativeThreads = nativeThreads;
  }

  /**
   * {@code data} with the columns that {@code schema} appends to it, computed on the executors.
   *
   * @param schema the output schema: the input's fields, then one field per entry of {@code outputs}
   * @param thresholds a classifier's per-class thresholds, or null for the plain argmax
   */
  static Dataset<Row> transform(Dataset<?> data, StructType schema, ModelSpec model, NetworkShape shape,
      float[] flatParameters, String featuresCol, Output[] outputs, double[] thresholds) {
    Dataset<Row> frame = data.toDF();
    JavaSparkContext spark = JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext());
    Broadcast<float[]> shared = spark.broadcast(flatParameters);
    Predictions predictions = new Predictions(model, shape, shared, frame.schema().fieldIndex(featuresCol),
        featuresCol, outputs, thresholds, SparkContexts.nativeThreadsPerWorker(spark));
    JavaRDD<Row> rows = frame.toJavaRDD().mapPartitions(predictions);
    return frame.sparkSession().createDataFrame(rows, schema);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<>() {
      private final List<Row> done = new ArrayList<>();
      private int next;

      @Override
      public boolean hasNext() {
        if (next == done.size() && rows.hasNext()) {
          done.clear();
          next = 0;
          predict(rows, done);
        }
        return next < done.size();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return done.get(next++);
      }
    };
  }

  private void predict(Iterator<Row> rows, List<Row> into) {
    List<Row> chunk = new ArrayList<>(CHUNK);
    while (rows.hasNext() && chunk.size() < CHUNK) {
      chunk.add(rows.next());
    }
    int width = shape.inputs();
    float[] features = new float[chunk.size() * width];
    for (int i = 0; i < chunk.size(); i++) {
      Row row = chunk.get(i);
      if (row.isNullAt(featuresIndex)) {
        throw new IllegalArgumentException("features column '" + featuresCol + "' holds a null vector");
      }
      Vector vector = (Vector) row.get(featuresIndex);
      if (vector.size() != width) {
        throw new IllegalArgumentException("features column '" + featuresCol + "' holds a vector of "
            + vector.size() + " features, but the model was trained on " + width);
      }
      double[] values = vector.toArray();
      for (int f = 0; f < width; f++) {
        features[i * width + f] = (float) values[f];
      }
    }
    NetworkKernel kernel = ThreadKernels.get(model, shape, nativeThreads);
    Batch batch = new Batch(features, new float[chunk.size()], new long[chunk.size()], chunk.size(), width);
    float[] out = kernel.predict(parameters.value(), batch);
    int classes = shape.outputs();
    for (int i = 0; i < chunk.size(); i++) {
      Row row = chunk.get(i);
      Object[] values = new Object[row.size() + outputs.length];
      for (int c = 0; c < row.size(); c++) {
        values[c] = row.get(c);
      }
      double[] scores = new double[classes];
      for (int k = 0; k < classes; k++) {
        scores[k] = out[i * classes + k];
      }
      for (int o = 0; o < outputs.length; o++) {
        values[row.size() + o] = switch (outputs[o]) {
          case PREDICTION -> shape.classification() ? predictClass(normalized(scores), thresholds) : scores[0];
          case RAW -> Vectors.dense(scores.clone());
          case PROBABILITY -> Vectors.dense(normalized(scores));
        };
      }
      into.add(RowFactory.create(values));
    }
  }

  /** The scores scaled to sum to 1 (the softmax output already does, up to rounding). */
  static double[] normalized(double[] scores) {
    double sum = 0;
    for (double score : scores) {
      sum += score;
    }
    double[] probabilities = scores.clone();
    if (sum > 0) {
      for (int k = 0; k < probabilities.length; k++) {
        probabilities[k] /= sum;
      }
    }
    return probabilities;
  }

  /**
   * The class with the largest probability, or with thresholds the largest {@code p / t} (a zero
   * threshold makes its class win whenever its probability is positive), as Spark's classifiers do.
   */
  static double predictClass(double[] probabilities, double[] thresholds) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < probabilities.length; k++) {
      double score = thresholds == null ? probabilities[k]
          : thresholds[k] == 0 ? (probabilities[k] > 0 ? Double.POSITIVE_INFINITY : 0) : probabilities[k] / thresholds[k];
      if (score > bestScore) {
        best = k;
        bestScore = score;
      }
    }
    return best;
  }

  /** Predictions for one vector on the calling thread, for Spark's single-row {@code predict}. */
  static double[] scores(ModelSpec model, NetworkShape shape, float[] flatParameters, Vector features) {
    int width = shape.inputs();
    if (features.size() != width) {
      throw new IllegalArgumentException("a vector of " + features.size() + " features, but the model was trained on "
          + width);
    }
    float[] x = new float[width];
    double[] values = features.toArray();
    for (int f = 0; f < width; f++) {
      x[f] = (float) values[f];
    }
    float[] out = ThreadKernels.get(model, shape, 1).predict(flatParameters,
        new Batch(x, new float[1], new long[1], 1, width));
    double[] scores = new double[out.length];
    for (int k = 0; k < out.length; k++) {
      scores[k] = out[k];
    }
    return scores;
  }

  /** Helper for stages: which outputs {@code schema} appends after {@code inputFields} fields. */
  static Output[] appended(StructType schema, int inputFields, String predictionCol, String rawCol,
      String probabilityCol) {
    String[] names = schema.fieldNames();
    Output[] outputs = new Output[names.length - inputFields];
    for (int i = inputFields; i < names.length; i++) {
      String name = names[i];
      if (name.equals(predictionCol)) {
        outputs[i - inputFields] = Output.PREDICTION;
      } else if (name.equals(rawCol)) {
        outputs[i - inputFields] = Output.RAW;
      } else if (name.equals(probabilityCol)) {
        outputs[i - inputFields] = Output.PROBABILITY;
      } else {
        throw new IllegalStateException("unexpected output column '" + name + "'");
      }
    }
    return outputs;
  }
}
