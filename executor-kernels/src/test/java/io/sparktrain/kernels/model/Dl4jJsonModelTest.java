package io.sparktrain.kernels.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparktrain.kernels.config.ConfigException;
import io.sparktrain.kernels.config.Dl4jNetworkConfig;
import io.sparktrain.kernels.config.ImageShape;
import io.sparktrain.kernels.config.Initialization;
import io.sparktrain.kernels.config.LayerSpec;
import io.sparktrain.kernels.config.ModelSpec;
import io.sparktrain.kernels.config.OptimizerSpec;
import io.sparktrain.kernels.config.OptimizerType;
import io.sparktrain.kernels.config.RegularizationSpec;
import io.sparktrain.kernels.config.ScheduleSpec;
import io.sparktrain.kernels.config.TrainingRecipe;
import io.sparktrain.kernels.train.Examples;
import io.sparktrain.kernels.train.ReferenceTrainer;
import io.sparktrain.kernels.train.SyntheticData;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** A DL4J JSON configuration as the model: trained like the equal layer list, and checked up front. */
class Dl4jJsonModelTest {
  private static final NetworkShape SHAPE = NetworkShape.classifier(6, 3);
  private static final ModelSpec LAYERS = new ModelSpec(Initialization.XAVIER, List.of(
      LayerSpec.dense(8, Activation.IDENTITY),
      new LayerSpec.BatchNormalization(0.8, 1e-5, Activation.RELU),
      LayerSpec.dense(5, Activation.TANH).withDropout(0.3),
      LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));

  @Test
  void theJsonOfALayerListTrainsToIdenticalParametersDespiteItsOwnUpdaterAndL2() {
    MultiLayerConfiguration configuration = NetworkFactory.build(LAYERS, SHAPE, 0).getLayerWiseConfigurations();
    for (NeuralNetConfiguration layer : configuration.getConfs()) {
      if (layer.getLayer() instanceof BaseLayer base) {
        base.setIUpdater(new Adam(0.5));
        base.setRegularization(List.of(new L2Regularization(0.3)));
      }
    }
    ModelSpec json = ModelSpec.of(new Dl4jNetworkConfig("conf.json", configuration.toJson()));
    Examples data = SyntheticData.classification(60, 6, 3, 12);

    ReferenceTrainer.Result fromLayers = train(LAYERS, data);
    ReferenceTrainer.Result fromJson = train(json, data);

    assertThat(json.names()).containsExactly("layer0", "layer1", "layer2", "layer3");
    assertThat(fromJson.parameters()).containsExactly(fromLayers.parameters());
    assertThat(fromJson.stepLosses()).as("no L2 score from the JSON").containsExactlyElementsOf(fromLayers.stepLosses());
    assertThat(fromJson.parameters()).isNotEqualTo(NetworkFactory.initialParameters(json, SHAPE, 3));
  }

  @Test
  void aConvolutionalJsonTakesFlatImageFeatures() {
    ModelSpec cnn = new ModelSpec(Initialization.HE, new ImageShape(4, 4, 1), List.of(
        new LayerSpec.Convolution(2, LayerSpec.Window.square(3), LayerSpec.Window.square(1), LayerSpec.Window.square(1),
            Activation.RELU, 0),
        LayerSpec.output(Activation.SOFTMAX, LossFunction.MCXENT)));
    NetworkShape shape = NetworkShape.classifier(16, 3);
    String text = NetworkFactory.build(cnn, shape, 0).getLayerWiseConfigurations().toJson();
    ModelSpec json = ModelSpec.of(new Dl4jNetworkConfig("cnn.json", text));
    Examples data = SyntheticData.classification(20, 16, 3, 2);

    assertThat(json.dl4j().inputWidth()).isEqualTo(16);
    assertThat(new NetworkKernel(json, shape).predict(NetworkFactory.initialParameters(json, shape, 3),
        data.batch(0, 20))).containsExactly(new NetworkKernel(cnn, shape)
        .predict(NetworkFactory.initialParameters(cnn, shape, 3), data.batch(0, 20)));
  }

  @Test
  void aFileThatIsNotAConfigurationNamesTheFile() {
    assertThatThrownBy(() -> new Dl4jNetworkConfig("models/broken.json", "{\"confs\": [1, 2"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.dl4j-config models/broken.json is not a DL4J MultiLayerConfiguration JSON");
  }

  @Test
  void dropoutThatCannotBeReproducedAcrossWorkersIsRejected() {
    String text = new NeuralNetConfiguration.Builder().list()
        .layer(new DenseLayer.Builder().nIn(6).nOut(4).dropOut(new GaussianDropout(0.2)).build())
        .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(4).nOut(3).activation(Activation.SOFTMAX).build())
        .build().toJson();

    assertThatThrownBy(() -> new Dl4jNetworkConfig("noisy.json", text)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.dl4j-config noisy.json: layer 0 uses GaussianDropout, which cannot be made"
            + " reproducible across workers");
  }

  @Test
  void withoutAnOutputLayerLastOrWithTheWrongWidthsTheErrorNamesTheFile() {
    String noOutput = new NeuralNetConfiguration.Builder().list()
        .layer(new DenseLayer.Builder().nIn(6).nOut(4).build()).build().toJson();
    ModelSpec fiveClasses = ModelSpec.of(new Dl4jNetworkConfig("five.json", new NeuralNetConfiguration.Builder().list()
        .layer(new DenseLayer.Builder().nIn(6).nOut(4).build())
        .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(4).nOut(5).activation(Activation.SOFTMAX).build())
        .build().toJson()));

    assertThatThrownBy(() -> new Dl4jNetworkConfig("dense.json", noOutput)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.dl4j-config dense.json: the last layer must be an output layer with a loss"
            + " function, got a DenseLayer");
    assertThatThrownBy(() -> NetworkFactory.build(fiveClasses, SHAPE, 1)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.dl4j-config five.json: the output layer has nOut 5 but the data needs 3");
    assertThatThrownBy(() -> NetworkFactory.build(fiveClasses, NetworkShape.classifier(7, 5), 1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model.dl4j-config five.json takes 6 features per example but the data has 7");
  }

  private static ReferenceTrainer.Result train(ModelSpec model, Examples data) {
    TrainingRecipe recipe = new TrainingRecipe(model, OptimizerSpec.of(OptimizerType.ADAM, 0.01), ScheduleSpec.fixed(),
        RegularizationSpec.penalties(0, 1e-3), 3);
    return new ReferenceTrainer(recipe, SHAPE, 10).train(data, 20, 2);
  }
}
