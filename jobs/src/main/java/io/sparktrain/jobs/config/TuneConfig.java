package io.sparktrain.jobs.config;

import io.sparktrain.driver.tune.TuneSpec;
import java.util.Map;

/**
 * A tune config ({@code tune.yaml}): an ordinary job config plus a {@code tune} section, read by
 * {@link TuneConfigReader}.
 *
 * @param tune the validated search
 * @param jobYaml the file's YAML without the {@code tune} section, overrides applied: the base
 *     job every trial's values are applied to
 * @param baseJob {@code jobYaml}, parsed
 */
public record TuneConfig(TuneSpec tune, String jobYaml, JobConfig baseJob) {
  /** The job of a trial: {@link TuneConfigReader#trialJob}. */
  public JobConfig trialJob(Map<String, Object> values) {
    return TuneConfigReader.trialJob(this, values);
  }
}
