package io.sparktrain.kernels.config;

import java.io.Serializable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * One layer of a layer-list model (YAML {@code model.layers[i]}): one record per kind of layer,
 * each validated in its constructor. Messages name the key inside the layer; the YAML reader adds
 * the layer's path ({@code model.layers[2]}).
 */
public sealed interface LayerSpec extends Serializable
    permits LayerSpec.Dense, LayerSpec.Output, LayerSpec.Convolution, LayerSpec.Subsampling,
    LayerSpec.BatchNormalization, LayerSpec.Lstm, LayerSpec.Embedding, LayerSpec.GlobalPooling {

  /** Probability of dropping each input of this layer in training, in [0, 1); 0 for none. */
  double dropout();

  /** A dense hidden layer without dropout. */
  static Dense dense(int units, Activation activation) {
    return new Dense(units, activation, 0);
  }

  /** An output layer sized from the data (classes, or 1 for regression), without dropout. */
  static Output output(Activation activation, LossFunction loss) {
    return new Output(0, activation, loss, 0);
  }

  /**
   * A fully connected hidden layer.
   *
   * @param units number of outputs, &gt; 0
   * @param activation activation function
   * @param dropout input dropout probability, in [0, 1)
   */
  record Dense(int units, Activation activation, double dropout) implements LayerSpec {
    /** Validates the layer. */
    public Dense {
      ConfigException.require(units > 0, "units must be > 0 for a dense layer, got " + units);
      ConfigException.require(activation != null, "activation is required");
      requireDropout(dropout);
    }

    /** This layer with another dropout probability. */
    public Dense withDropout(double rate) {
      return new Dense(units, activation, rate);
    }
  }

  /**
   * The fully connected output layer with its loss; exactly one, and last.
   *
   * @param units number of outputs; 0 means "the number of classes, or 1 for regression"
   * @param activation activation function
   * @param loss loss function
   * @param dropout input dropout probability, in [0, 1)
   */
  record Output(int units, Activation activation, LossFunction loss, double dropout) implements LayerSpec {
    /** Validates the layer. */
    public Output {
      ConfigException.require(units >= 0, "units must be >= 0 (0: from the data), got " + units);
      ConfigException.require(activation != null, "activation is required");
      ConfigException.require(loss != null, "loss is required");
      requireDropout(dropout);
    }
  }

  /**
   * A 2-D convolution over image inputs ({@code model.input}).
   *
   * @param filters number of output channels, &gt; 0
   * @param kernel kernel height and width
   * @param stride step between kernel positions
   * @param padding zeros added on each side
   * @param activation activation function
   * @param dropout input dropout probability, in [0, 1)
   */
  record Convolution(int filters, Window kernel, Window stride, Window padding, Activation activation,
      double dropout) implements LayerSpec {
    /** Validates the layer. */
    public Convolution {
      ConfigException.require(filters > 0, "filters must be > 0, got " + filters);
      ConfigException.require(kernel != null && kernel.positive(), "kernel must be > 0 in both dimensions, got " + kernel);
      ConfigException.require(stride != null && stride.positive(), "stride must be > 0 in both dimensions, got " + stride);
      ConfigException.require(padding != null && padding.nonNegative(), "padding must be >= 0, got " + padding);
      ConfigException.require(activation != null, "activation is required");
      requireDropout(dropout);
    }
  }

  /**
   * Pooling over image inputs.
   *
   * @param pooling max or average
   * @param kernel pooling window height and width
   * @param stride step between windows
   * @param padding zeros added on each side
   */
  record Subsampling(Pooling pooling, Window kernel, Window stride, Window padding) implements LayerSpec {
    /** Validates the layer. */
    public Subsampling {
      ConfigException.require(pooling != null, "pooling is required");
      ConfigException.require(kernel != null && kernel.positive(), "kernel must be > 0 in both dimensions, got " + kernel);
      ConfigException.require(stride != null && stride.positive(), "stride must be > 0 in both dimensions, got " + stride);
      ConfigException.require(padding != null && padding.nonNegative(), "padding must be >= 0, got " + padding);
    }

    @Override
    public double dropout() {
      return 0;
    }
  }

  /**
   * Batch normalization (Ioffe &amp; Szegedy 2015) of the previous dense or convolution layer's
   * outputs: per unit (dense) or per channel (convolution), normalized with the batch's mean and
   * variance in training and with running estimates in inference, then scaled and shifted by the
   * learned gamma and beta. The running estimates follow {@code r = decay * r + (1 - decay) * batch}
   * after every step (DL4J keeps the variance as {@code log10} of the standard deviation). The
   * dense or convolution layer it follows is built without a bias, which the normalization would
   * cancel (beta takes its place).
   *
   * @param decay weight of the old running estimate at each step, in (0, 1)
   * @param epsilon added to the variance before its square root, &gt; 0
   * @param activation applied after the scale and shift; identity for none
   */
  record BatchNormalization(double decay, double epsilon, Activation activation) implements LayerSpec {
    /** DL4J's default running-estimate decay. */
    public static final double DEFAULT_DECAY = 0.9;
    /** DL4J's default variance epsilon. */
    public static final double DEFAULT_EPSILON = 1e-5;

    /** Validates the layer. */
    public BatchNormalization {
      ConfigException.require(decay > 0 && decay < 1, "decay must be in (0, 1), got " + decay);
      ConfigException.require(epsilon > 0 && Double.isFinite(epsilon), "epsilon must be > 0, got " + epsilon);
      ConfigException.require(activation != null, "activation is required");
    }

    /** Batch normalization with DL4J's defaults and no activation. */
    public BatchNormalization() {
      this(DEFAULT_DECAY, DEFAULT_EPSILON, Activation.IDENTITY);
    }

    @Override
    public double dropout() {
      return 0;
    }
  }

  /**
   * A long short-term memory layer over a sequence (Hochreiter &amp; Schmidhuber 1997, with DL4J's
   * gate layout). It reads a sequence and produces one: every step's output when
   * {@code returnSequences} is set, else only the last step's, for a feed-forward layer next.
   *
   * @param units size of the hidden state, &gt; 0
   * @param activation activation of the cell input and output (gates use the sigmoid)
   * @param returnSequences whether the next layer sees every step (true) or the last step (false)
   * @param dropout input dropout probability, in [0, 1)
   */
  record Lstm(int units, Activation activation, boolean returnSequences, double dropout) implements LayerSpec {
    /** Validates the layer. */
    public Lstm {
      ConfigException.require(units > 0, "units must be > 0 for an lstm layer, got " + units);
      ConfigException.require(activation != null, "activation is required");
      requireDropout(dropout);
    }
  }

  /**
   * A lookup table from integer token ids to learned vectors; the first layer of a model whose
   * features are token ids ({@code data.normalize: none}). On flat input each row holds one token
   * id and the output is one vector; on sequence input ({@code model.input {steps, features: 1}})
   * each row holds {@code steps} ids and the output is a sequence of vectors. Takes no dropout:
   * its inputs are ids, not activations.
   *
   * @param vocabulary number of distinct token ids; ids are in [0, vocabulary)
   * @param units size of each vector, &gt; 0
   */
  record Embedding(int vocabulary, int units) implements LayerSpec {
    /** Validates the layer. */
    public Embedding {
      ConfigException.require(vocabulary >= 1, "vocabulary must be >= 1, got " + vocabulary);
      ConfigException.require(units > 0, "units must be > 0 for an embedding layer, got " + units);
    }

    @Override
    public double dropout() {
      return 0;
    }
  }

  /**
   * Pooling of a whole sequence over time, or of a whole image over its height and width, into
   * one feature vector (one value per feature or channel).
   *
   * @param pooling max or average
   */
  record GlobalPooling(Pooling pooling) implements LayerSpec {
    /** Validates the layer. */
    public GlobalPooling {
      ConfigException.require(pooling != null, "pooling is required");
    }

    @Override
    public double dropout() {
      return 0;
    }
  }

  /** Pooling functions of a subsampling or global-pooling layer. */
  enum Pooling {
    /** The largest value of each window. */
    MAX,
    /** The mean of each window. */
    AVG
  }

  /**
   * A height and a width, for kernels, strides and paddings.
   *
   * @param height rows
   * @param width columns
   */
  record Window(int height, int width) implements Serializable {
    /** A square window. */
    public static Window square(int size) {
      return new Window(size, size);
    }

    boolean positive() {
      return height > 0 && width > 0;
    }

    boolean nonNegative() {
      return height >= 0 && width >= 0;
    }

    @Override
    public String toString() {
      return "[" + height + ", " + width + "]";
    }
  }

  private static void requireDropout(double dropout) {
    ConfigException.requireInHalfOpen("dropout", dropout, 0, 1);
  }
}
