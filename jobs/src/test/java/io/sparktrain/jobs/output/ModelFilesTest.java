package io.sparktrain.jobs.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.driver.data.FeatureScaling;
import io.sparktrain.driver.data.Normalization;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.config.SequenceShape;
import io.sparktrain.kernels.model.NetworkFactory;
import io.sparktrain.kernels.model.NetworkKernel;
import io.sparktrain.kernels.model.NetworkShape;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.ReferenceTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class ModelFilesTest {
  private static final ModelSpec MODEL = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(5, Activation.RELU), LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
  private static final NetworkShape SHAPE = NetworkShape.classifier(3, 4);

  @ParameterizedTest
  @EnumSource(Normalization.class)
  void plainDl4jLoadsTheModelAndItsNormalizer(Normalization kind) throws Exception {
    float[] parameters = NetworkFactory.initialParameters(MODEL, SHAPE, 9);
    FeatureScaling scaling = new FeatureScaling(kind, new float[] {1, -2, 0.5f}, new float[] {0.5f, 0.25f, 2f});

    Path file = ModelFiles.writeLocal(MODEL, SHAPE, parameters, scaling);
    try {
      MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
      DataNormalization normalizer = ModelSerializer.restoreNormalizerFromFile(file.toFile());

      assertThat(restored.params().toFloatVector()).containsExactly(parameters);
      assertThat(restored.layerInputSize(0)).isEqualTo(3);
      if (kind == Normalization.NONE) {
        assertThat(normalizer).isNull();
      } else {
        INDArray features = Nd4j.createFromArray(new float[][] {{3, 2, 1.5f}});
        DataSet example = new DataSet(features.dup(), Nd4j.zeros(1, 4));
        normalizer.preProcess(example);
        float[] ours = {3, 2, 1.5f};
        scaling.apply(ours, 0);
        float[] theirs = example.getFeatures().toFloatVector();
        for (int f = 0; f < 3; f++) {
          assertThat(theirs[f]).as("feature %d", f).isCloseTo(ours[f], org.assertj.core.data.Offset.offset(1e-5f));
        }
      }
      ModelFiles.SavedModel saved = ModelFiles.read(file);
      assertThat(saved.parameters()).containsExactly(parameters);
      assertThat(saved.schema().scaling().kind()).isEqualTo(kind);
      assertThat(saved.schema().width()).isEqualTo(3);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void layerNamesAreSavedAsDl4jLayerNames() throws Exception {
    ModelSpec named = MODEL.naming(Arrays.asList("features", "head"));
    NetworkShape shape = SHAPE;

    Path file = ModelFiles.writeLocal(named, shape, NetworkFactory.initialParameters(named, shape, 1),
        new FeatureScaling(Normalization.NONE, new float[3], new float[] {1, 1, 1}));
    Path unnamed = ModelFiles.writeLocal(MODEL, shape, NetworkFactory.initialParameters(MODEL, shape, 1),
        new FeatureScaling(Normalization.NONE, new float[3], new float[] {1, 1, 1}));
    try {
      MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);

      assertThat(restored.getLayerWiseConfigurations().getConf(1).getLayer().getLayerName()).isEqualTo("head");
      assertThat(ModelFiles.read(file).hiddenLayerNames()).containsExactly("features");
      assertThat(ModelFiles.read(unnamed).hiddenLayerNames()).as("DL4J's default name").containsExactly("layer0");
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(unnamed);
    }
  }

  @Test
  void aTrainedBatchNormalizedNetworkPredictsTheSameAfterSavingAndLoading() throws Exception {
    ModelSpec normalized = new ModelSpec(Initialization.XAVIER, List.of(
        LayerSpec.dense(6, Activation.IDENTITY), new LayerSpec.BatchNormalization(0.5, 1e-5, Activation.RELU),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    Random random = new Random(3);
    float[] features = new float[40 * 3];
    float[] labels = new float[40];
    for (int i = 0; i < 40; i++) {
      for (int f = 0; f < 3; f++) {
        features[i * 3 + f] = (float) random.nextGaussian() * 2 + f;
      }
      labels[i] = features[i * 3] > 0 ? (features[i * 3 + 1] > 1 ? 0 : 1) : (features[i * 3 + 2] > 2 ? 2 : 3);
    }
    Examples data = new Examples(features, labels, 40, 3);
    TrainingRecipe recipe = new TrainingRecipe(normalized, OptimizerSpec.of(OptimizerType.ADAM, 0.05),
        ScheduleSpec.fixed(), RegularizationSpec.NONE, 4);
    float[] trained = new ReferenceTrainer(recipe, SHAPE, 10).train(data, 20, 3).parameters();
    float[] initial = NetworkFactory.initialParameters(normalized, SHAPE, 4);
    int[] runningMean = new NetworkKernel(normalized, SHAPE).layout().statisticRanges().get(0);
    assertThat(Arrays.copyOfRange(trained, runningMean[0], runningMean[0] + runningMean[1]))
        .as("the running mean was trained").isNotEqualTo(Arrays.copyOfRange(initial, runningMean[0],
            runningMean[0] + runningMean[1]));
    Batch batch = data.batch(0, 40);
    float[] predicted = new NetworkKernel(normalized, SHAPE).predict(trained, batch);

    Path file = ModelFiles.writeLocal(normalized, SHAPE, trained, new FeatureScaling(Normalization.NONE, new float[3], new float[] {1, 1, 1}));
    try {
      MultiLayerNetwork restored = ModelFiles.read(file).network();
      float[] reloaded = restored.output(Nd4j.create(batch.features(), new long[] {40, 3}, 'c'), false)
          .dup('c').reshape(40 * 4).toFloatVector();
      float[] single = restored.output(Nd4j.create(Arrays.copyOf(batch.features(), 3), new long[] {1, 3}, 'c'),
          false).toFloatVector();

      assertThat(reloaded).containsExactly(predicted);
      assertThat(single).as("one example alone: normalized with the running statistics, not its own")
          .containsExactly(Arrays.copyOf(predicted, 4));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aSequenceModelRoundTripsWithItsInputShapeAndPredictions(boolean tokens) throws Exception {
    SequenceShape input = new SequenceShape(4, tokens ? 1 : 3);
    ModelSpec model = new ModelSpec(Initialization.XAVIER, input, List.of(
        tokens ? new LayerSpec.Embedding(6, 3) : new LayerSpec.Lstm(5, Activation.TANH, true, 0.2),
        new LayerSpec.Lstm(4, Activation.TANH, false, 0.1),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    NetworkShape shape = NetworkShape.classifier(input.size(), 3);
    float[] parameters = NetworkFactory.initialParameters(model, shape, 5);
    float[] rows = new float[5 * input.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = tokens ? i % 6 : (float) Math.sin(i);
    }
    Batch batch = new Batch(rows, new float[5], new long[] {0, 1, 2, 3, 4}, 5, input.size());
    float[] expected = new NetworkKernel(model, shape).predict(parameters, batch);
    FeatureScaling none = new FeatureScaling(Normalization.NONE, new float[input.size()], ones(input.size()));

    Path file = ModelFiles.writeLocal(model, shape, parameters, none);
    try {
      ModelFiles.SavedModel saved = ModelFiles.read(file);
      MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);

      assertThat(saved.input()).isEqualTo(input);
      assertThat(saved.schema().width()).isEqualTo(input.size());
      assertThat(new NetworkKernel(model, shape).predict(saved.parameters(), batch)).containsExactly(expected);
      INDArray output = plain.output(NetworkFactory.inputArray(model, rows, 5, input.size()), false);
      assertThat(output.reshape(output.length()).toFloatVector()).containsExactly(expected);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static float[] ones(int width) {
    float[] values = new float[width];
    Arrays.fill(values, 1f);
    return values;
  }
}
