/**
 * What a job writes: {@code model.zip} (DL4J format with the normalizer), {@code metrics.jsonl},
 * {@code summary.json}, each replaced atomically, and the progress printed while training.
 */
package io.sparktrain.jobs.output;
