package io.sparktrain.kernels.config;

/** Layer kinds of a layer list (YAML {@code model.layers[i].type}). */
public enum LayerType {
  /** {@link LayerSpec.Dense}. */
  DENSE,
  /** {@link LayerSpec.Output}. */
  OUTPUT,
  /** {@link LayerSpec.Convolution}. */
  CONVOLUTION,
  /** {@link LayerSpec.Subsampling}. */
  SUBSAMPLING,
  /** {@link LayerSpec.BatchNormalization}. */
  BATCH_NORMALIZATION,
  /** {@link LayerSpec.Lstm}. */
  LSTM,
  /** {@link LayerSpec.Embedding}. */
  EMBEDDING,
  /** {@link LayerSpec.GlobalPooling}. */
  GLOBAL_POOLING
}
