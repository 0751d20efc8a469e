package io.sparktrain.kernels.model;

import io.sparktrain.kernels.train.Seeds;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout whose mask entry for (layer, example, unit) is a hash of the step's dropout
 * seed, the example's id and the unit: an example is masked the same way whichever worker and
 * batch it lands in, so distributed training with dropout equals single-machine training exactly.
 * Kept units are scaled by {@code 1 / keep}. A unit is a position within one example's
 * activations in C order, so images and sequences ({@code [examples, features, steps]}, an lstm's
 * input) are masked per example the same way as flat rows. Used only inside {@link NetworkKernel}, which sets the
 * {@link DropoutContext} for each gradient; saved models carry DL4J's own {@code Dropout} instead.
 */
final class ExampleDropout implements IDropout {
  private static final long serialVersionUID = 1L;
  private final int layer;
  private final double keep;
  private transient INDArray mask;

  /**
   * @param layer the layer's index, so that layers draw independent masks
   * @param keep probability of keeping a unit, in (0, 1]
   */
  ExampleDropout(int layer, double keep) {
    this.layer = layer;
    this.keep = keep;
  }

  @Override
  public INDArray applyDropout(INDArray input, INDArray result, int iteration, int epoch,
      LayerWorkspaceMgr workspaces) {
    DropoutContext context = DropoutContext.current();
    long rows = input.size(0);
    long perExample = input.length() / rows;
    float scale = (float) (1 / keep);
    float[] values = new float[(int) input.length()];
    for (int row = 0; row < rows; row++) {
      long example = context.exampleIds()[row];
      for (int unit = 0; unit < perExample; unit++) {
        if (Seeds.uniform(context.stepSeed(), layer, example, unit) < keep) {
          values[(int) (row * perExample + unit)] = scale;
        }
      }
    }
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      mask = Nd4j.create(values, input.shape(), 'c').castTo(input.dataType());
    }
    return result.assign(input).muli(mask);
  }

  @Override
  public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
    if (mask == null) {
      throw new IllegalStateException("dropout backprop without a forward pass");
    }
    return gradAtInput.assign(gradAtOutput).muli(mask);
  }

  @Override
  public void clear() {
    mask = null;
  }

  @Override
  public ExampleDropout clone() {
    return new ExampleDropout(layer, keep);
  }
}
