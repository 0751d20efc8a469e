package io.sparktrain.kernels.config;

/** Learning-rate schedules (YAML {@code schedule.type}). */
public enum ScheduleType {
  /** The optimizer's learning rate at every step. */
  FIXED
}
