package io.sparktrain.driver;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.sparktrain.driver.data.FeatureStats;
import io.sparktrain.driver.data.ParsedUnit;
import io.sparktrain.driver.data.Row;
import io.sparktrain.driver.data.SkippedRows;
import io.sparktrain.driver.data.WorkerShard;
import io.sparktrain.driver.eval.Evaluation;
import io.sparktrain.driver.ml.SparkMlKryoClasses;
import io.sparktrain.driver.train.RoundSum;
import io.sparktrain.driver.train.ShardOutcome;
import io.sparktrain.driver.tune.SegmentOutcome;
import io.sparktrain.kernels.eval.ConfusionMatrix;
import io.sparktrain.kernels.eval.RegressionStats;
import io.sparktrain.kernels.eval.RocAuc;
import io.sparktrain.kernels.eval.TopKAccuracy;
import io.sparktrain.kernels.train.GradientSum;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class SparkTrain ships between JVMs with Kryo, so that jobs can run with
 * {@code spark.kryo.registrationRequired=true} (the tests do) and an unregistered class fails
 * loudly instead of being written with its full name. With Spark ML on the classpath, also the
 * Spark ML classes its evaluators ship when they score SparkTrain's models ({@link SparkMlKryoClasses}).
 */
public final class SparkTrainKryoRegistrator implements KryoRegistrator {

  @Override
  public void registerClasses(Kryo kryo) {
    kryo.register(float[].class);
    kryo.register(float[][].class);
    kryo.register(double[].class);
    kryo.register(int[].class);
    kryo.register(long[].class);
    kryo.register(long[][].class);
    kryo.register(Object[].class);
    kryo.register(GradientSum.class);
    kryo.register(RoundSum.class);
    kryo.register(ShardOutcome.class);
    kryo.register(ShardOutcome[].class);
    kryo.register(ConfusionMatrix.class);
    kryo.register(RegressionStats.class);
    kryo.register(TopKAccuracy.class);
    kryo.register(RocAuc.class);
    kryo.register(Evaluation.class);
    kryo.register(Evaluation[].class);
    kryo.register(SegmentOutcome.class);
    kryo.register(WorkerShard.class);
    kryo.register(Row.class, new RowSerializer());
    kryo.register(Row[].class);
    kryo.register(FeatureStats.class);
    kryo.register(SkippedRows.class);
    kryo.register(String[].class);
    kryo.register(ParsedUnit.class);
    SparkMlKryoClasses.register(kryo);
  }

  /** Rows are records, whose final fields Kryo's field serializer may not set: write them by hand. */
  private static final class RowSerializer extends Serializer<Row> {
    @Override
    public void write(Kryo kryo, Output output, Row row) {
      output.writeLong(row.index());
      output.writeFloat(row.label());
      kryo.writeObject(output, row.values());
      kryo.writeObjectOrNull(output, row.indices(), int[].class);
    }

    @Override
    public Row read(Kryo kryo, Input input, Class<Row> type) {
      long index = input.readLong();
      float label = input.readFloat();
      float[] values = kryo.readObject(input, float[].class);
      int[] indices = kryo.readObjectOrNull(input, int[].class);
      return new Row(index, values, indices, label);
    }
  }
}
