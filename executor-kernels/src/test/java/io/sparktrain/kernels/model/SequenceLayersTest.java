package io.sparktrain.kernels.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.ImageShape;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.SequenceShape;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.GradientSum;
import io.sparktrain.kernels.train.ReferenceTrainer;
import io.sparktrain.kernels.train.SyntheticData;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Gradients and shapes of the lstm, embedding and global-pooling layers in {@link NetworkKernel}. */
class SequenceLayersTest {
  private static final LayerSpec.Output SOFTMAX = LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT);
  private static final SequenceShape SEQUENCE = new SequenceShape(4, 3);

  @Test
  void lstmGradientMatchesFiniteDifferences() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, SEQUENCE, List.of(
        new LayerSpec.Lstm(5, Activation.TANH, false, 0), SOFTMAX));
    NetworkShape shape = NetworkShape.classifier(12, 4);

    int parameters = checkGradient(model, shape, SyntheticData.spikes(6, 4, 3, 1), 0);

    // LSTM: 4 gates x (3 inputs + 5 recurrent + 1 bias) x 5 units; output: 5 x 4 + 4.
    assertThat(parameters).isEqualTo(4 * 5 * (3 + 5 + 1) + 5 * 4 + 4);
  }

  @Test
  void lstmSequencesThroughAveragePoolingMatchFiniteDifferences() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, SEQUENCE, List.of(
        new LayerSpec.Lstm(4, Activation.TANH, true, 0),
        new LayerSpec.Lstm(3, Activation.SOFTSIGN, true, 0),
        new LayerSpec.GlobalPooling(LayerSpec.Pooling.AVG), SOFTMAX));

    checkGradient(model, NetworkShape.classifier(12, 4), SyntheticData.spikes(6, 4, 3, 2), 0);
  }

  @Test
  void singleTokenEmbeddingMatchesFiniteDifferences() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, List.of(
        new LayerSpec.Embedding(6, 4), LayerSpec.dense(3, Activation.TANH), SOFTMAX));
    NetworkShape shape = NetworkShape.classifier(1, 2);

    int parameters = checkGradient(model, shape, SyntheticData.tokens(8, 1, 6, 3), 0);

    assertThat(parameters).as("embedding without bias").isEqualTo(6 * 4 + 4 * 3 + 3 + 3 * 2 + 2);
  }

  @Test
  void tokenSequenceThroughLstmWithDropoutMatchesFiniteDifferencesOfTheDroppedLoss() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, new SequenceShape(5, 1), List.of(
        new LayerSpec.Embedding(7, 3), new LayerSpec.Lstm(4, Activation.TANH, false, 0.3), SOFTMAX));

    checkGradient(model, NetworkShape.classifier(5, 2), SyntheticData.tokens(6, 5, 7, 4), 55);
  }

  @Test
  void tokenSequenceThroughMaxPoolingMatchesFiniteDifferences() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, new SequenceShape(5, 1), List.of(
        new LayerSpec.Embedding(7, 3), new LayerSpec.GlobalPooling(LayerSpec.Pooling.MAX), SOFTMAX));

    checkGradient(model, NetworkShape.classifier(5, 2), SyntheticData.tokens(6, 5, 7, 5), 0);
  }

  @Test
  void globalPoolingOverAnImageMatchesFiniteDifferences() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, new ImageShape(4, 3, 1), List.of(
        new LayerSpec.Convolution(2, LayerSpec.Window.square(2), LayerSpec.Window.square(1),
            LayerSpec.Window.square(0), Activation.TANH, 0),
        new LayerSpec.GlobalPooling(LayerSpec.Pooling.AVG), SOFTMAX));

    int parameters = checkGradient(model, NetworkShape.classifier(12, 4), SyntheticData.spikes(6, 4, 3, 6), 0);

    assertThat(parameters).as("pooled to one value per channel").isEqualTo(2 * 4 + 2 + 2 * 4 + 4);
  }

  @Test
  void lstmDropoutMaskFollowsTheExampleWhicheverBatchItIsIn() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, SEQUENCE, List.of(
        new LayerSpec.Lstm(6, Activation.TANH, true, 0.4),
        new LayerSpec.Lstm(5, Activation.TANH, false, 0.3), SOFTMAX));
    NetworkShape shape = NetworkShape.classifier(12, 4);
    NetworkKernel kernel = new NetworkKernel(model, shape);
    float[] params = NetworkFactory.initialParameters(model, shape, 8);
    Examples data = SyntheticData.spikes(10, 4, 3, 7);

    GradientSum whole = kernel.gradient(params, data.batch(0, 10), 31);
    GradientSum split = kernel.gradient(params, data.gather(new int[] {6, 1, 9}, 0, 3), 31)
        .add(kernel.gradient(params, data.gather(new int[] {0, 2, 3, 4, 5, 7, 8}, 0, 7), 31));
    GradientSum otherSeed = kernel.gradient(params, data.batch(0, 10), 32);
    GradientSum noDropout = new NetworkKernel(withoutDropout(model), shape).gradient(params, data.batch(0, 10), 31);

    float[] expected = whole.meanGradient();
    float[] actual = split.meanGradient();
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(1e-6f + 1e-5f * Math.abs(expected[i])));
    }
    assertThat(otherSeed.meanGradient()).isNotEqualTo(expected);
    assertThat(noDropout.meanLoss()).as("dropout is applied").isNotCloseTo(whole.meanLoss(), within(1e-4));
  }

  @Test
  void savedNetworkTakesTheDocumentedInputArray() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, SEQUENCE, List.of(
        new LayerSpec.Lstm(5, Activation.TANH, false, 0.2), SOFTMAX));
    NetworkShape shape = NetworkShape.classifier(12, 4);
    float[] params = NetworkFactory.initialParameters(model, shape, 9);
    Batch batch = SyntheticData.spikes(5, 4, 3, 8).batch(0, 5);
    MultiLayerNetwork plain = NetworkFactory.build(model, shape, 9);

    float[] rows = batch.features();
    var input = NetworkFactory.inputArray(model, rows, 5, 12);

    assertThat(input.shape()).containsExactly(5, 3, 4);
    assertThat(input.getFloat(2, 1, 3)).as("example 2, feature 1, step 3").isEqualTo(rows[2 * 12 + 3 * 3 + 1]);
    assertThat(plain.output(input, false).reshape(20).toFloatVector())
        .containsExactly(new NetworkKernel(model, shape).predict(params, batch));
  }

  @Test
  void embeddingOnFlatInputNeedsOneTokenPerRow() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, List.of(new LayerSpec.Embedding(5, 2), SOFTMAX));

    assertThatThrownBy(() -> NetworkFactory.build(model, NetworkShape.classifier(7, 2), 1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.layers[0]: an embedding layer on flat input reads one token id per row, but"
            + " the data has 7 values per row: set model.input {steps: 7, features: 1}");
  }

  @Test
  void sequenceInputMustMatchTheDataWidth() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, SEQUENCE, List.of(
        new LayerSpec.Lstm(5, Activation.TANH, false, 0), SOFTMAX));

    assertThatThrownBy(() -> NetworkFactory.build(model, NetworkShape.classifier(10, 2), 1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.input is 4 steps x 3 features = 12 values but the data has 10 features");
  }

  @Test
  void anLstmLearnsWhichStepHoldsTheSpike() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, new SequenceShape(5, 2), List.of(
        new LayerSpec.Lstm(12, Activation.TANH, false, 0), SOFTMAX));

    double accuracy = trainedAccuracy(model, SyntheticData.spikes(400, 5, 2, 11), SyntheticData.spikes(200, 5, 2, 12), 5);

    assertThat(accuracy).as("5 classes: chance is 0.2").isGreaterThan(0.9);
  }

  @Test
  void anEmbeddingWithMaxPoolingLearnsWhetherATokenOccurs() {
    ModelSpec model = new ModelSpec(Initialization.XAVIER, new SequenceShape(8, 1), List.of(
        new LayerSpec.Embedding(12, 6), new LayerSpec.GlobalPooling(LayerSpec.Pooling.MAX),
        LayerSpec.dense(8, Activation.RELU), SOFTMAX));

    double accuracy = trainedAccuracy(model, SyntheticData.tokens(400, 8, 12, 13), SyntheticData.tokens(200, 8, 12, 14), 2);

    assertThat(accuracy).as("2 classes: chance is about 0.5").isGreaterThan(0.9);
  }

  /** Test accuracy after 15 epochs of Adam in batches of 20. */
  private static double trainedAccuracy(ModelSpec model, Examples train, Examples test, int classes) {
    NetworkShape shape = NetworkShape.classifier(train.width(), classes);
    TrainingRecipe recipe = new TrainingRecipe(model, OptimizerSpec.of(OptimizerType.ADAM, 0.02), ScheduleSpec.fixed(),
        RegularizationSpec.NONE, 3);
    float[] params = new ReferenceTrainer(recipe, shape).train(train, 20, 15).parameters();
    float[] probabilities = new NetworkKernel(model, shape).predict(params, test.batch(0, test.count()));
    int correct = 0;
    for (int i = 0; i < test.count(); i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (probabilities[i * classes + c] > probabilities[i * classes + best]) {
          best = c;
        }
      }
      correct += best == (int) test.labels()[i] ? 1 : 0;
    }
    return (double) correct / test.count();
  }

  /**
   * Checks every analytic gradient entry against central differences of the loss, with dropout
   * (same seed) when {@code dropoutSeed} is not 0; returns the parameter count.
   */
  private static int checkGradient(ModelSpec model, NetworkShape shape, Examples data, long dropoutSeed) {
    NetworkKernel kernel = new NetworkKernel(model, shape);
    float[] params = NetworkFactory.initialParameters(model, shape, 7);
    Batch batch = data.batch(0, data.count());
    ToDoubleFunction<float[]> loss = dropoutSeed == 0
        ? p -> kernel.lossSum(p, batch)
        : p -> kernel.gradient(p, batch, dropoutSeed).meanLoss() * batch.size();

    float[] analytic = kernel.gradient(params, batch, dropoutSeed).meanGradient();

    double h = 1e-2;
    int checked = 0;
    for (int i = 0; i < params.length; i++) {
      float[] plus = params.clone();
      float[] minus = params.clone();
      plus[i] += (float) h;
      minus[i] -= (float) h;
      double numeric = (loss.applyAsDouble(plus) - loss.applyAsDouble(minus)) / batch.size() / (2 * h);
      assertThat((double) analytic[i]).as("parameter %d", i)
          .isCloseTo(numeric, within(2e-3 + 2e-2 * Math.abs(numeric)));
      if (Math.abs(numeric) > 1e-3) {
        checked++;
      }
    }
    assertThat(checked).as("non-trivial gradient entries checked").isGreaterThan(params.length / 4);
    return params.length;
  }

  private static ModelSpec withoutDropout(ModelSpec model) {
    return new ModelSpec(model.init(), model.input(), model.layers().stream()
        .map(layer -> layer instanceof LayerSpec.Lstm lstm
            ? new LayerSpec.Lstm(lstm.units(), lstm.activation(), lstm.returnSequences(), 0) : layer)
        .toList());
  }
}
