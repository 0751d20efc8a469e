/**
 * The YAML job config: kebab-case keys mapped onto the validated records of the lower modules,
 * with {@code --set key.path=value} overrides and errors that name the key.
 */
package io.sparktrain.jobs.config;
