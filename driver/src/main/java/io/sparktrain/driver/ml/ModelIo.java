package io.sparktrain.driver.ml;

import io.sparktrain.kernels.model.NetworkShape;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * Saving and loading of the fitted models: Spark's metadata (class, uid, every param) under
 * {@code metadata/}, as Spark's own models write it, and the parameters as {@link ModelData} under
 * {@code data/}; never Java serialization.
 */
final class ModelIo {
  private ModelIo() {}

  /** Builds a model from what was saved; its params are set afterwards from the metadata. */
  interface Factory<M> {
    M create(String uid, NetworkShape shape, float[] parameters);
  }

  /** Writes a model's metadata and data. */
  static final class Writer extends MLWriter {
    private final Params model;
    private final ModelData data;

    Writer(Params model, NetworkShape shape, float[] parameters) {
      this.model = model;
      this.data = new ModelData(shape, parameters);
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
      data.write(path, sc().hadoopConfiguration());
    }
  }

  /** Reads a model written by {@link Writer}. */
  static final class Reader<M extends Params> extends MLReader<M> {
    private final Class<M> type;
    private final Factory<M> factory;

    Reader(Class<M> type, Factory<M> factory) {
      this.type = type;
      this.factory = factory;
    }

    @Override
    public M load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(), type.getName());
      ModelData data = ModelData.read(path, sc().hadoopConfiguration());
      M model = factory.create(metadata.uid(), data.shape(), data.parameters());
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }
  }
}
