package io.sparktrain.kernels.config;

/**
 * How the flat features of an example form an image (YAML {@code model.input}): channels of
 * height x width values, channel after channel, row-major within a channel.
 *
 * @param height rows, &gt; 0
 * @param width columns, &gt; 0
 * @param channels channels, &gt; 0
 */
public record ImageShape(int height, int width, int channels) implements InputShape {

  /** Validates the three sizes. */
  public ImageShape {
    ConfigException.require(height > 0 && width > 0 && channels > 0,
        "model.input height, width and channels must be > 0, got " + height + "x" + width + "x" + channels);
  }

  @Override
  public int size() {
    return height * width * channels;
  }
}
