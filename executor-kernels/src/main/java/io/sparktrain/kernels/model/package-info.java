/**
 * The model as an executor sees it: a DL4J network built from the layer list, its flat parameter
 * layout, and the kernel that turns parameters and a batch into a flat gradient.
 */
package io.sparktrain.kernels.model;
