/**
 * The {@code tune} command's files: the journal of finished waves that {@code --resume} replays, and
 * the summary of a search in {@code output.dir} ({@code trials.jsonl}, {@code leaderboard.csv},
 * {@code best.yaml} and PNG plots).
 */
package io.sparktrain.jobs.tune;
